package io.segstream.stream.scoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

import io.segstream.avro.CustomerAssignment;
import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.FeatureTrigger;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Binary form of the assignment store's values (no registry: the store is private to the application). Every
 * features update and every aging re-emission reads and writes one assignment, so the format is hand-written rather
 * than Avro's generic writer and reader (which cost about twice as much per record): a tag byte, a presence byte for
 * the three nullable fields, then each field in schema order as a zigzag varint, a length-prefixed UTF-8 string, a
 * raw IEEE double or an enum ordinal. Values written by the earlier plain-Avro codec still decode: their first byte
 * is a union index (0x00 or 0x02), never the tag. Reuses its buffer, so one instance per task or request.
 */
public final class AssignmentCodec {

    /** First byte of the compact form; a zigzag varint union index of plain Avro can never be 0x7F. */
    static final byte TAG = 0x7F;
    private static final int HAS_SEGMENT = 1;
    private static final int HAS_NAME = 2;
    private static final int HAS_VERSION = 4;
    private static final FeatureTrigger[] TRIGGERS = FeatureTrigger.values();

    private byte[] buf = new byte[128];
    private int pos;
    private SpecificDatumReader<CustomerAssignment> avroReader;
    private BinaryDecoder avroDecoder;

    /** The store bytes of an assignment. */
    public byte[] encode(CustomerAssignment a) {
        pos = 0;
        put(TAG);
        int flags = (a.getSegmentId() == null ? 0 : HAS_SEGMENT) | (a.getSegmentName() == null ? 0 : HAS_NAME)
                | (a.getModelVersion() == null ? 0 : HAS_VERSION);
        put((byte) flags);
        if (a.getSegmentId() != null) {
            writeLong(a.getSegmentId());
        }
        if (a.getSegmentName() != null) {
            writeString(a.getSegmentName());
        }
        if (a.getModelVersion() != null) {
            writeLong(a.getModelVersion());
        }
        CustomerFeatures f = a.getFeatures();
        writeString(f.getCustomerId());
        writeLong(f.getAsOf().toEpochMilli());
        writeLong(f.getFirstPurchase().toEpochMilli());
        writeLong(f.getLastPurchase().toEpochMilli());
        writeLong(f.getRecencyDays());
        writeLong(f.getFrequency());
        writeDouble(f.getMonetary());
        writeLong(f.getLengthDays());
        writeDouble(f.getAvgSpend());
        writeLong(f.getUniqueProducts());
        writeLong(f.getFrequency6m());
        writeDouble(f.getMonetary6m());
        put((byte) f.getTrigger().ordinal());
        return Arrays.copyOf(buf, pos);
    }

    /** The assignment of store bytes; null for null. */
    public CustomerAssignment decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length == 0 || bytes[0] != TAG) {
            return decodeAvro(bytes);
        }
        Reader in = new Reader(bytes);
        try {
            int flags = in.bytes[in.pos++];
            Integer segmentId = (flags & HAS_SEGMENT) != 0 ? (int) in.readLong() : null;
            String name = (flags & HAS_NAME) != 0 ? in.readString() : null;
            Long version = (flags & HAS_VERSION) != 0 ? in.readLong() : null;
            CustomerFeatures f = new CustomerFeatures(in.readString(), Instant.ofEpochMilli(in.readLong()),
                    Instant.ofEpochMilli(in.readLong()), Instant.ofEpochMilli(in.readLong()), (int) in.readLong(),
                    (int) in.readLong(), in.readDouble(), (int) in.readLong(), in.readDouble(), (int) in.readLong(),
                    (int) in.readLong(), in.readDouble(), TRIGGERS[in.bytes[in.pos++]]);
            if (in.pos != bytes.length) {
                throw new IllegalStateException((bytes.length - in.pos) + " trailing bytes after an assignment");
            }
            return new CustomerAssignment(segmentId, name, version, f);
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IllegalStateException("Corrupt assignment in the state store", e);
        }
    }

    /** Values written before the compact form: plain Avro binary of {@link CustomerAssignment}. */
    private CustomerAssignment decodeAvro(byte[] bytes) {
        if (avroReader == null) {
            avroReader = new SpecificDatumReader<>(CustomerAssignment.class);
        }
        avroDecoder = DecoderFactory.get().binaryDecoder(bytes, avroDecoder);
        try {
            return avroReader.read(null, avroDecoder);
        } catch (IOException e) {
            throw new UncheckedIOException("Corrupt assignment in the state store", e);
        }
    }

    private void put(byte b) {
        if (pos == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        buf[pos++] = b;
    }

    private void writeLong(long value) {
        long v = (value << 1) ^ (value >> 63);
        while ((v & ~0x7FL) != 0) {
            put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        put((byte) v);
    }

    private void writeDouble(double value) {
        long bits = Double.doubleToRawLongBits(value);
        for (int shift = 0; shift < 64; shift += 8) {
            put((byte) (bits >>> shift));
        }
    }

    private void writeString(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeLong(utf8.length);
        if (pos + utf8.length > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + utf8.length));
        }
        System.arraycopy(utf8, 0, buf, pos, utf8.length);
        pos += utf8.length;
    }

    private static final class Reader {
        final byte[] bytes;
        int pos = 1;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        long readLong() {
            long raw = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = bytes[pos++];
                raw |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return (raw >>> 1) ^ -(raw & 1);
                }
            }
            throw new IllegalStateException("Corrupt assignment in the state store: varint longer than 10 bytes");
        }

        double readDouble() {
            long bits = 0;
            for (int shift = 0; shift < 64; shift += 8) {
                bits |= (bytes[pos++] & 0xFFL) << shift;
            }
            return Double.longBitsToDouble(bits);
        }

        String readString() {
            int n = (int) readLong();
            if (n < 0 || n > bytes.length - pos) {
                throw new IllegalStateException("Corrupt assignment in the state store: string of " + n + " bytes");
            }
            String s = new String(bytes, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }
    }
}
