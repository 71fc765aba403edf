package io.segstream.stream.features;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.function.Supplier;

import io.segstream.avro.CustomerAssignment;
import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.FeatureTrigger;
import io.segstream.core.features.VarInts;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * The one binary form of a {@link CustomerRecord} (no registry: the store is private to the application). A record is
 * the tag byte {@link #TAG}, the state's length as an unsigned varint, the {@code CustomerState} encoding, then the
 * assignment up to the end (nothing before the customer was scored). Every invoice reads and writes one record, so
 * the assignment's form is compact and hand-laid rather than Avro's generic writer and reader (which cost about twice
 * as much): the tag {@link #ASSIGNMENT}, a presence byte for the three nullable fields, then each field in schema
 * order as a zigzag varint, a length-prefixed UTF-8 string, a little-endian IEEE double or an enum ordinal byte, then
 * a second presence byte and the purchase-day and lifetime-value fields. Varints are the core's {@link VarInts}.
 *
 * <p>The one migration path: a record written before this form (releases up to 0.1.0 of 2026-12-02) is a bare
 * {@code CustomerState} encoding, whose first byte is its version (1 or 2), never the tag; its assignment is in the
 * legacy store ({@link CustomerRecordStore} moves it into the record on the customer's next write) in any of the
 * forms that store held: this one, release 1's compact form (tag {@link #ASSIGNMENT_RELEASE_1}, without the
 * lifetime-value fields) and the plain Avro before it (first byte a union index, 0x00 or 0x02). Reuses its buffers,
 * so one instance per task or request.
 */
public final class CustomerRecordCodec {

    /** First byte of a record; a {@code CustomerState} encoding starts with its version. */
    static final byte TAG = 0x10;
    /** First byte of an assignment; a zigzag varint union index of plain Avro is never 0x7E or 0x7F. */
    static final byte ASSIGNMENT = 0x7E;
    /** First byte of release 1's assignment, read only from the legacy store. */
    static final byte ASSIGNMENT_RELEASE_1 = 0x7F;
    private static final int HAS_PURCHASE_DAYS = 1;
    private static final int HAS_SCORES = 2;
    private static final int HAS_SEGMENT = 1;
    private static final int HAS_NAME = 2;
    private static final int HAS_VERSION = 4;
    private static final FeatureTrigger[] TRIGGERS = FeatureTrigger.values();
    private static final Schema RELEASE_1_SCHEMA = releaseOneSchema();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    private SpecificDatumReader<CustomerAssignment> avroReader;
    private BinaryDecoder avroDecoder;

    /** The stored bytes of {@code record}. */
    public byte[] encode(CustomerRecord record) {
        out.reset();
        out.write(TAG);
        VarInts.writeUnsigned(out, record.state().length);
        out.writeBytes(record.state());
        if (record.assignment() != null) {
            writeAssignment(record.assignment());
        }
        return out.toByteArray();
    }

    /**
     * The record of stored bytes.
     *
     * @param legacyAssignment the customer's assignment in the legacy store, asked only for a record of the old form
     * @throws IllegalStateException for bytes that are not a record
     */
    public CustomerRecord decode(byte[] stored, Supplier<byte[]> legacyAssignment) {
        if (isLegacy(stored)) {
            return new CustomerRecord(stored, decodeAssignment(legacyAssignment.get()));
        }
        ByteBuffer in = body(stored);
        byte[] state = new byte[in.remaining()];
        in.get(state);
        return new CustomerRecord(state, in.limit(stored.length).hasRemaining() ? readAssignment(in) : null);
    }

    /**
     * The assignment inside stored bytes, without copying the state; null before the customer was scored.
     *
     * @param legacyAssignment as for {@link #decode}
     */
    public CustomerAssignment assignment(byte[] stored, Supplier<byte[]> legacyAssignment) {
        if (isLegacy(stored)) {
            return decodeAssignment(legacyAssignment.get());
        }
        ByteBuffer in = body(stored);
        in.position(in.limit()).limit(stored.length);
        return in.hasRemaining() ? readAssignment(in) : null;
    }

    /** The {@code CustomerState} encoding inside stored bytes, without decoding the assignment. */
    public static byte[] state(byte[] stored) {
        if (isLegacy(stored)) {
            return stored;
        }
        ByteBuffer in = body(stored);
        return Arrays.copyOfRange(stored, in.position(), in.limit());
    }

    /** Whether stored bytes are of the old form: a bare state, its assignment in the legacy store. */
    public static boolean isLegacy(byte[] stored) {
        return stored.length == 0 || stored[0] != TAG;
    }

    /** An assignment alone, in the form the legacy store holds it: for tests of the migration. */
    public byte[] encodeAssignment(CustomerAssignment assignment) {
        out.reset();
        writeAssignment(assignment);
        return out.toByteArray();
    }

    /** An assignment alone, in any form the legacy store holds; null for null. */
    public CustomerAssignment decodeAssignment(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length == 0 || (bytes[0] != ASSIGNMENT_RELEASE_1 && bytes[0] != ASSIGNMENT)) {
            return decodeAvro(bytes);
        }
        return readAssignment(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
    }

    /** The stored bytes positioned at the state, limited to its end. */
    private static ByteBuffer body(byte[] stored) {
        ByteBuffer in = ByteBuffer.wrap(stored).order(ByteOrder.LITTLE_ENDIAN).position(1);
        long length;
        try {
            length = VarInts.readUnsigned(in);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new IllegalStateException("truncated customer record of " + stored.length + " bytes", e);
        }
        if (length < 0 || length > in.remaining()) {
            throw new IllegalStateException("customer record of " + stored.length + " bytes claims a state of "
                    + length + " bytes");
        }
        return in.limit(in.position() + (int) length);
    }

    private void writeAssignment(CustomerAssignment a) {
        out.write(ASSIGNMENT);
        out.write((a.getSegmentId() == null ? 0 : HAS_SEGMENT) | (a.getSegmentName() == null ? 0 : HAS_NAME)
                | (a.getModelVersion() == null ? 0 : HAS_VERSION));
        if (a.getSegmentId() != null) {
            VarInts.writeSigned(out, a.getSegmentId());
        }
        if (a.getSegmentName() != null) {
            writeString(a.getSegmentName());
        }
        if (a.getModelVersion() != null) {
            VarInts.writeSigned(out, a.getModelVersion());
        }
        CustomerFeatures f = a.getFeatures();
        writeString(f.getCustomerId());
        VarInts.writeSigned(out, f.getAsOf().toEpochMilli());
        VarInts.writeSigned(out, f.getFirstPurchase().toEpochMilli());
        VarInts.writeSigned(out, f.getLastPurchase().toEpochMilli());
        VarInts.writeSigned(out, f.getRecencyDays());
        VarInts.writeSigned(out, f.getFrequency());
        writeDouble(f.getMonetary());
        VarInts.writeSigned(out, f.getLengthDays());
        writeDouble(f.getAvgSpend());
        VarInts.writeSigned(out, f.getUniqueProducts());
        VarInts.writeSigned(out, f.getFrequency6m());
        writeDouble(f.getMonetary6m());
        out.write(f.getTrigger().ordinal());
        // The purchase-day fields are all null or all set, and so are the three scores.
        boolean days = f.getPurchaseDays() != null;
        boolean scores = f.getPAlive() != null;
        out.write((days ? HAS_PURCHASE_DAYS : 0) | (scores ? HAS_SCORES : 0));
        if (days) {
            VarInts.writeSigned(out, f.getPurchaseDays());
            VarInts.writeSigned(out, f.getFirstPurchaseDay().toEpochDay());
            VarInts.writeSigned(out, f.getLastPurchaseDay().toEpochDay());
            writeDouble(f.getRepeatSpend());
        }
        if (scores) {
            writeDouble(f.getPAlive());
            writeDouble(f.getExpectedPurchases());
            writeDouble(f.getLifetimeValue());
        }
    }

    /** Reads an assignment of this form or release 1's from {@code in}'s position to its limit. */
    private static CustomerAssignment readAssignment(ByteBuffer in) {
        try {
            byte tag = in.get();
            if (tag != ASSIGNMENT && tag != ASSIGNMENT_RELEASE_1) {
                throw new IllegalStateException("Corrupt assignment in the state store: tag " + tag);
            }
            int flags = in.get();
            Integer segmentId = (flags & HAS_SEGMENT) != 0 ? (int) VarInts.readSigned(in) : null;
            String name = (flags & HAS_NAME) != 0 ? readString(in) : null;
            Long version = (flags & HAS_VERSION) != 0 ? VarInts.readSigned(in) : null;
            String customerId = readString(in);
            Instant asOf = Instant.ofEpochMilli(VarInts.readSigned(in));
            Instant first = Instant.ofEpochMilli(VarInts.readSigned(in));
            Instant last = Instant.ofEpochMilli(VarInts.readSigned(in));
            int recency = (int) VarInts.readSigned(in);
            int frequency = (int) VarInts.readSigned(in);
            double monetary = in.getDouble();
            int length = (int) VarInts.readSigned(in);
            double avgSpend = in.getDouble();
            int products = (int) VarInts.readSigned(in);
            int frequency6m = (int) VarInts.readSigned(in);
            double monetary6m = in.getDouble();
            FeatureTrigger trigger = TRIGGERS[in.get()];
            int more = tag == ASSIGNMENT ? in.get() : 0;
            boolean days = (more & HAS_PURCHASE_DAYS) != 0;
            Integer purchaseDays = days ? (int) VarInts.readSigned(in) : null;
            LocalDate firstDay = days ? LocalDate.ofEpochDay(VarInts.readSigned(in)) : null;
            LocalDate lastDay = days ? LocalDate.ofEpochDay(VarInts.readSigned(in)) : null;
            Double repeatSpend = days ? in.getDouble() : null;
            boolean scores = (more & HAS_SCORES) != 0;
            Double pAlive = scores ? in.getDouble() : null;
            Double expected = scores ? in.getDouble() : null;
            Double value = scores ? in.getDouble() : null;
            CustomerFeatures f = new CustomerFeatures(customerId, asOf, first, last, recency, frequency, monetary,
                    length, avgSpend, products, frequency6m, monetary6m, trigger, purchaseDays, firstDay, lastDay,
                    repeatSpend, pAlive, expected, value,
                    // Scoring does not use the predicted interest, and the feature stage keeps it: not stored here.
                    null, null, false);
            if (in.hasRemaining()) {
                throw new IllegalStateException(in.remaining() + " trailing bytes after an assignment");
            }
            return new CustomerAssignment(segmentId, name, version, f);
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new IllegalStateException("Corrupt assignment in the state store", e);
        }
    }

    private void writeDouble(double value) {
        long bits = Double.doubleToRawLongBits(value);
        for (int shift = 0; shift < 64; shift += 8) {
            out.write((int) (bits >>> shift));
        }
    }

    private void writeString(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        VarInts.writeSigned(out, utf8.length);
        out.writeBytes(utf8);
    }

    private static String readString(ByteBuffer in) {
        long n = VarInts.readSigned(in);
        if (n < 0 || n > in.remaining()) {
            throw new IllegalStateException("Corrupt assignment in the state store: string of " + n + " bytes");
        }
        String s = new String(in.array(), in.position(), (int) n, StandardCharsets.UTF_8);
        in.position(in.position() + (int) n);
        return s;
    }

    /**
     * Assignments written before the compact form: plain Avro binary of {@link CustomerAssignment} as release 1
     * defined it (its writer schema is a resource), resolved to today's record.
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
        try (InputStream in = CustomerRecordCodec.class.getResourceAsStream("assignment-release1.avsc")) {
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the release-1 assignment schema", e);
        }
    }
}
