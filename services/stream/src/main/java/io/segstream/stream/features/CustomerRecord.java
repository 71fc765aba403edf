package io.segstream.stream.features;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The value of the {@link FeatureStores#CUSTOMER_STATE} store: a customer's feature state and, behind it, the
 * scoring stage's assignment (an {@code AssignmentCodec} encoding), in one record, so that an invoice costs one store
 * read, one store write and one changelog record rather than two of each. Format: the tag byte {@link #TAG}, the
 * state's length as an unsigned LEB128 varint, the {@code CustomerState} encoding, then the assignment's bytes up to
 * the end (none before the scoring stage has seen the customer).
 *
 * <p>Values written before this format (up to 0.1.0 of 2026-12-02) are a bare {@code CustomerState} encoding, whose
 * first byte is its version (1 or 2), never the tag: they read as the state alone, with the assignment in the legacy
 * {@link FeatureStores#LEGACY_ASSIGNMENTS} store until the customer's record is next written.
 */
public final class CustomerRecord {

    /** First byte of a record; a {@code CustomerState} encoding starts with its version, 1 or 2. */
    static final byte TAG = 0x10;

    private CustomerRecord() {
    }

    /** The record of {@code state} (a {@code CustomerState} encoding) and {@code assignment} (null for none). */
    public static byte[] of(byte[] state, byte[] assignment) {
        int assigned = assignment == null ? 0 : assignment.length;
        int header = 1 + varIntSize(state.length);
        byte[] out = new byte[header + state.length + assigned];
        out[0] = TAG;
        int pos = 1;
        int n = state.length;
        while ((n & ~0x7F) != 0) {
            out[pos++] = (byte) ((n & 0x7F) | 0x80);
            n >>>= 7;
        }
        out[pos] = (byte) n;
        System.arraycopy(state, 0, out, header, state.length);
        if (assigned > 0) {
            System.arraycopy(assignment, 0, out, header + state.length, assigned);
        }
        return out;
    }

    /** Whether {@code record} was written before this format: a bare state, its assignment in the legacy store. */
    public static boolean isLegacy(byte[] record) {
        return record.length == 0 || record[0] != TAG;
    }

    /** The {@code CustomerState} encoding inside {@code record}. */
    public static byte[] state(byte[] record) {
        if (isLegacy(record)) {
            return record;
        }
        int[] header = header(record);
        return Arrays.copyOfRange(record, header[0], header[0] + header[1]);
    }

    /**
     * The assignment's bytes inside {@code record}; null when the scoring stage has not seen the customer, and for a
     * legacy record (whose assignment is in the legacy store).
     */
    public static byte[] assignment(byte[] record) {
        if (isLegacy(record)) {
            return null;
        }
        int[] header = header(record);
        int start = header[0] + header[1];
        return start == record.length ? null : Arrays.copyOfRange(record, start, record.length);
    }

    /**
     * The assignment of the customer whose stored record is {@code record}: inside it, or for a legacy record what
     * {@code legacy} reads from the legacy store; null when there is none.
     */
    public static byte[] assignment(byte[] record, Supplier<byte[]> legacy) {
        return isLegacy(record) ? legacy.get() : assignment(record);
    }

    /** The same record with its assignment replaced. */
    public static byte[] withAssignment(byte[] record, byte[] assignment) {
        return of(state(record), assignment);
    }

    /** Start and length of the state: {offset, length}. */
    private static int[] header(byte[] record) {
        int pos = 1;
        int length = 0;
        for (int shift = 0; ; shift += 7) {
            if (pos >= record.length || shift > 28) {
                throw new IllegalArgumentException("truncated customer record of " + record.length + " bytes");
            }
            byte b = record[pos++];
            length |= (b & 0x7F) << shift;
            if (b >= 0) {
                break;
            }
        }
        if (length < 0 || length > record.length - pos) {
            throw new IllegalArgumentException("customer record of " + record.length + " bytes claims a state of "
                    + length + " bytes");
        }
        return new int[] {pos, length};
    }

    private static int varIntSize(int n) {
        int size = 1;
        while ((n & ~0x7F) != 0) {
            size++;
            n >>>= 7;
        }
        return size;
    }
}
