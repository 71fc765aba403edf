package io.segstream.platform.serde;

/** The record does not start with the magic byte 0 of the Confluent wire format. */
public final class UnknownMagicByteException extends AvroSerdeException {

    private final byte magicByte;

    UnknownMagicByteException(byte magicByte) {
        super(SerdeFailure.UNKNOWN_MAGIC_BYTE, String.format("Unknown magic byte 0x%02x, expected 0x%02x",
                magicByte, WireFormat.MAGIC_BYTE), null);
        this.magicByte = magicByte;
    }

    /** The byte found where the magic byte belongs. */
    public byte magicByte() {
        return magicByte;
    }
}
