package io.segstream.platform.serde;

import java.nio.ByteBuffer;

/**
 * The Confluent wire format: byte 0 is the magic byte {@code 0}, bytes 1-4 the big-endian registry schema id, and
 * the rest the Avro binary encoding of the record. Any Confluent-compatible consumer can read what this frames.
 */
public final class WireFormat {

    /** The only wire-format version there is. */
    public static final byte MAGIC_BYTE = 0;
    /** Magic byte plus schema id. */
    public static final int HEADER_SIZE = 1 + Integer.BYTES;

    private WireFormat() {
    }

    /**
     * Where a framed record's parts are.
     *
     * @param schemaId the registry id of the writer schema
     * @param payloadOffset index of the first Avro byte
     */
    public record Header(int schemaId, int payloadOffset) {
    }

    /** Returns the five header bytes for {@code schemaId}. */
    public static byte[] header(int schemaId) {
        return ByteBuffer.allocate(HEADER_SIZE).put(MAGIC_BYTE).putInt(schemaId).array();
    }

    /**
     * Reads the header of a framed record.
     *
     * @throws UndecodableRecordException if {@code data} is shorter than the header
     * @throws UnknownMagicByteException if the first byte is not {@link #MAGIC_BYTE}
     */
    public static Header parseHeader(byte[] data) {
        if (data.length < HEADER_SIZE) {
            throw new UndecodableRecordException("Record of " + data.length + " bytes is shorter than the "
                    + HEADER_SIZE + "-byte wire-format header", null);
        }
        ByteBuffer buffer = ByteBuffer.wrap(data);
        byte magic = buffer.get();
        if (magic != MAGIC_BYTE) {
            throw new UnknownMagicByteException(magic);
        }
        return new Header(buffer.getInt(), HEADER_SIZE);
    }
}
