package io.segstream.platform.serde;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer for encoders that are reused from record to record. Unlike {@link ByteArrayOutputStream}
 * it takes no lock for each byte an Avro direct encoder writes (measured with {@code bench codec}: the Avro invoice
 * encoding went from 6.2-6.4 to 4.5-4.8 µs). Not thread-safe.
 */
public final class ByteSink extends OutputStream {

    /** A buffer grown beyond this by one large record (a model) is let go on {@link #reset()}. */
    private static final int MAX_KEPT = 1 << 16;
    private static final int INITIAL = 256;

    private byte[] bytes = new byte[INITIAL];
    private int count;

    /** Empties the buffer for the next record. */
    public void reset() {
        count = 0;
        if (bytes.length > MAX_KEPT) {
            bytes = new byte[INITIAL];
        }
    }

    @Override
    public void write(int b) {
        if (count == bytes.length) {
            bytes = Arrays.copyOf(bytes, bytes.length * 2);
        }
        bytes[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (len > bytes.length - count) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, count + len));
        }
        System.arraycopy(b, off, bytes, count, len);
        count += len;
    }

    /** A copy of the bytes written since the last {@link #reset()}. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, count);
    }
}
