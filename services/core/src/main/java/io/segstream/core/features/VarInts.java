package io.segstream.core.features;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * LEB128 varints with zigzag for signed values (the encoding of Avro's {@code long}): small deltas cost one byte.
 * The one varint code of the project: the customer state, the customer record around it, the history store's keys
 * and the invoice-time extractor's partial Avro parse all use it.
 */
public final class VarInts {

    private VarInts() {
    }

    /** Writes {@code value} as an unsigned LEB128 varint. */
    public static void writeUnsigned(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    /** Writes {@code value} zigzag-encoded, as Avro writes a {@code long}. */
    public static void writeSigned(ByteArrayOutputStream out, long value) {
        writeUnsigned(out, (value << 1) ^ (value >> 63));
    }

    /**
     * Reads an unsigned LEB128 varint.
     *
     * @throws java.nio.BufferUnderflowException when {@code in} ends inside it
     * @throws IllegalArgumentException when it is longer than 10 bytes
     */
    public static long readUnsigned(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint longer than 10 bytes");
    }

    /** Reads a zigzag varint; throws as {@link #readUnsigned}. */
    public static long readSigned(ByteBuffer in) {
        long raw = readUnsigned(in);
        return (raw >>> 1) ^ -(raw & 1);
    }

    /** Reads a count that cannot exceed the bytes left in {@code in}. */
    public static int readCount(ByteBuffer in) {
        long n = readUnsigned(in);
        if (n < 0 || n > in.remaining()) {
            throw new IllegalArgumentException("count " + n + " exceeds the " + in.remaining() + " bytes left");
        }
        return (int) n;
    }
}
