package io.segstream.stream.scoring;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;

import io.segstream.avro.CustomerAssignment;
import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.FeatureTrigger;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Binary form of a customer's assignment, the part of its {@link io.segstream.stream.features.CustomerRecord} behind
 * the state (no registry: the store is private to the application). Every
 * features update and every aging re-emission reads and writes one assignment, so the format is hand-written rather
 * than Avro's generic writer and reader (which cost about twice as much per record): a tag byte, a presence byte for
 * the three nullable fields, then each field in schema order as a zigzag varint, a length-prefixed UTF-8 string, a
 * raw IEEE double or an enum ordinal; since tag {@link #TAG_2}, a second presence byte and the lifetime-value fields
 * follow. Older values still decode: tag {@link #TAG_1} (release 1, without the lifetime-value fields, which read as
 * null), and the plain-Avro codec before it, whose first byte is a union index (0x00 or 0x02), never a tag, read with
 * its own writer schema. Reuses its buffer, so one instance per task or request.
 */
public final class AssignmentCodec {

    /** First byte of the compact form of release 1; a zigzag varint union index of plain Avro is never 0x7F. */
    static final byte TAG_1 = 0x7F;
    /** First byte of the compact form with the lifetime-value fields. */
    static final byte TAG_2 = 0x7E;
    private static final int HAS_PURCHASE_DAYS = 1;
    private static final int HAS_SCORES = 2;
    private static final int HAS_SEGMENT = 1;
    private static final int HAS_NAME = 2;
    private static final int HAS_VERSION = 4;
    private static final FeatureTrigger[] TRIGGERS = FeatureTrigger.values();

    private static final Schema RELEASE_1_SCHEMA = releaseOneSchema();

    private byte[] buf = new byte[128];
    private int pos;
    private SpecificDatumReader<CustomerAssignment> avroReader;
    private BinaryDecoder avroDecoder;

    /** The store bytes of an assignment. */
    public byte[] encode(CustomerAssignment a) {
        pos = 0;
        put(TAG_2);
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
        // The purchase-day fields are all null or all set, and so are the three scores.
        boolean days = f.getPurchaseDays() != null;
        boolean scores = f.getPAlive() != null;
        put((byte) ((days ? HAS_PURCHASE_DAYS : 0) | (scores ? HAS_SCORES : 0)));
        if (days) {
            writeLong(f.getPurchaseDays());
            writeLong(f.getFirstPurchaseDay().toEpochDay());
            writeLong(f.getLastPurchaseDay().toEpochDay());
            writeDouble(f.getRepeatSpend());
        }
        if (scores) {
            writeDouble(f.getPAlive());
            writeDouble(f.getExpectedPurchases());
            writeDouble(f.getLifetimeValue());
        }
        return Arrays.copyOf(buf, pos);
    }

    /** The assignment of store bytes; null for null. */
    public CustomerAssignment decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length == 0 || (bytes[0] != TAG_1 && bytes[0] != TAG_2)) {
            return decodeAvro(bytes);
        }
        Reader in = new Reader(bytes);
        try {
            int flags = in.bytes[in.pos++];
            Integer segmentId = (flags & HAS_SEGMENT) != 0 ? (int) in.readLong() : null;
            String name = (flags & HAS_NAME) != 0 ? in.readString() : null;
            Long version = (flags & HAS_VERSION) != 0 ? in.readLong() : null;
            String customerId = in.readString();
            Instant asOf = Instant.ofEpochMilli(in.readLong());
            Instant first = Instant.ofEpochMilli(in.readLong());
            Instant last = Instant.ofEpochMilli(in.readLong());
            int recency = (int) in.readLong();
            int frequency = (int) in.readLong();
            double monetary = in.readDouble();
            int length = (int) in.readLong();
            double avgSpend = in.readDouble();
            int products = (int) in.readLong();
            int frequency6m = (int) in.readLong();
            double monetary6m = in.readDouble();
            FeatureTrigger trigger = TRIGGERS[in.bytes[in.pos++]];
            int more = bytes[0] == TAG_2 ? in.bytes[in.pos++] : 0;
            boolean days = (more & HAS_PURCHASE_DAYS) != 0;
            Integer purchaseDays = days ? (int) in.readLong() : null;
            LocalDate firstDay = days ? LocalDate.ofEpochDay(in.readLong()) : null;
            LocalDate lastDay = days ? LocalDate.ofEpochDay(in.readLong()) : null;
            Double repeatSpend = days ? in.readDouble() : null;
            boolean scores = (more & HAS_SCORES) != 0;
            Double pAlive = scores ? in.readDouble() : null;
            Double expected = scores ? in.readDouble() : null;
            Double value = scores ? in.readDouble() : null;
            CustomerFeatures f = new CustomerFeatures(customerId, asOf, first, last, recency, frequency, monetary,
                    length, avgSpend, products, frequency6m, monetary6m, trigger, purchaseDays, firstDay, lastDay,
                    repeatSpend, pAlive, expected, value,
                    // Scoring does not use the predicted interest, and the feature stage keeps it: not stored here.
                    null, null, false);
            if (in.pos != bytes.length) {
                throw new IllegalStateException((bytes.length - in.pos) + " trailing bytes after an assignment");
            }
            return new CustomerAssignment(segmentId, name, version, f);
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IllegalStateException("Corrupt assignment in the state store", e);
        }
    }

    /**
     * Values written before the compact form: plain Avro binary of {@link CustomerAssignment} as release 1 defined
     * it (its writer schema is a resource), resolved to today's record.
     */
    private CustomerAssignment decodeAvro(byte[] bytes) {
        if (avroReader == null) {
            avroReader = new SpecificDatumReader<>(RELEASE_1_SCHEMA, CustomerAssignment.getClassSchema());
        }
        avroDecoder = DecoderFactory.get().binaryDecoder(bytes, avroDecoder);
        try {
            return avroReader.read(null, avroDecoder);
        } catch (IOException e) {
            throw new UncheckedIOException("Corrupt assignment in the state store", e);
        }
    }

    private static Schema releaseOneSchema() {
        try (InputStream in = AssignmentCodec.class.getResourceAsStream("assignment-release1.avsc")) {
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the release-1 assignment schema", e);
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
