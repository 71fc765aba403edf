package io.segstream.core.features;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** LEB128 varints with zigzag for signed values: small deltas cost one byte. */
final class VarInts {

    private VarInts() {
    }

    static void writeUnsigned(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    static void writeSigned(ByteArrayOutputStream out, long value) {
        writeUnsigned(out, (value << 1) ^ (value >> 63));
    }

    static long readUnsigned(ByteBuffer in) {
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

    static long readSigned(ByteBuffer in) {
        long raw = readUnsigned(in);
        return (raw >>> 1) ^ -(raw & 1);
    }

    static int readCount(ByteBuffer in) {
        long n = readUnsigned(in);
        if (n < 0 || n > in.remaining()) {
            throw new IllegalArgumentException("count " + n + " exceeds the " + in.remaining() + " bytes left");
        }
        return (int) n;
    }
}
