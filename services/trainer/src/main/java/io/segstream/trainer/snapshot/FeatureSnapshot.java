package io.segstream.trainer.snapshot;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.segstream.core.clv.PurchaseHistory;

/**
 * The live customers of the features topic at one point: ids and an n×d matrix in primitive arrays, because a
 * million boxed rows would cost more heap than the clustering itself.
 *
 * @param customerIds the customer ids, sorted, so the same topic content gives the same rows however it is
 *     partitioned
 * @param values the features, row-major, {@code customerIds.length * featureNames.size()} values
 * @param featureNames the columns, e.g. {@code FeatureVector.NAMES}
 * @param snapshotTimeMillis the largest {@code asOf} read: the stream time the snapshot reflects;
 *     {@link Long#MIN_VALUE} when nothing was read
 * @param endOffsets per partition number, the offset the read stopped at; changes after it are the next model's
 * @param recordsRead records read, tombstones and overwritten values included
 * @param tombstones tombstones read
 * @param customerCount distinct live customers in the topic: {@code customerIds.length}, unless the snapshot is a
 *     bottom-k sample of a larger topic (see {@link SnapshotBuilder}), then an estimate
 * @param purchases per row, four longs of its {@link PurchaseHistory} (days, first day, last day, repeat spend in E4),
 *     all 0 when the customer has none (or it is unknown)
 */
public record FeatureSnapshot(String[] customerIds, double[] values, List<String> featureNames,
                              long snapshotTimeMillis, Map<Integer, Long> endOffsets, long recordsRead,
                              long tombstones, long customerCount, long[] purchases) {

    /** Longs per row in {@link #purchases}. */
    public static final int PURCHASE_FIELDS = 4;

    /** Validates the shape; the arrays are taken as they are, since snapshots can be large. */
    public FeatureSnapshot {
        featureNames = List.copyOf(featureNames);
        endOffsets = Map.copyOf(endOffsets);
        if ((long) customerIds.length * featureNames.size() != values.length) {
            throw new IllegalArgumentException(customerIds.length + " customers and " + featureNames.size()
                    + " features do not match " + values.length + " values");
        }
        if (purchases.length != customerIds.length * PURCHASE_FIELDS) {
            throw new IllegalArgumentException(customerIds.length + " customers and " + purchases.length
                    + " purchase-history values do not match");
        }
        if (customerCount < customerIds.length) {
            throw new IllegalArgumentException("customerCount " + customerCount + " below the " + customerIds.length
                    + " customers held");
        }
    }

    /** A snapshot without purchase histories. */
    public FeatureSnapshot(String[] customerIds, double[] values, List<String> featureNames, long snapshotTimeMillis,
                           Map<Integer, Long> endOffsets, long recordsRead, long tombstones, long customerCount) {
        this(customerIds, values, featureNames, snapshotTimeMillis, endOffsets, recordsRead, tombstones,
                customerCount, new long[customerIds.length * PURCHASE_FIELDS]);
    }

    /** A complete snapshot without purchase histories: every live customer is held. */
    public FeatureSnapshot(String[] customerIds, double[] values, List<String> featureNames, long snapshotTimeMillis,
                           Map<Integer, Long> endOffsets, long recordsRead, long tombstones) {
        this(customerIds, values, featureNames, snapshotTimeMillis, endOffsets, recordsRead, tombstones,
                customerIds.length);
    }

    /** Whether the snapshot holds a sample of the topic's customers rather than all of them. */
    public boolean sampled() {
        return customerCount > customerIds.length;
    }

    /** A snapshot built in memory, e.g. from batch features, with no offsets. */
    public static FeatureSnapshot of(String[] customerIds, double[][] rows, List<String> featureNames,
            long snapshotTimeMillis) {
        int d = featureNames.size();
        double[] v = new double[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != d) {
                throw new IllegalArgumentException("Row " + i + " has " + rows[i].length + " features, expected " + d);
            }
            System.arraycopy(rows[i], 0, v, i * d, d);
        }
        return new FeatureSnapshot(customerIds.clone(), v, featureNames, snapshotTimeMillis, Map.of(), rows.length,
                0);
    }

    /** @return the number of customers. */
    public int size() {
        return customerIds.length;
    }

    /** @return the number of features. */
    public int dimension() {
        return featureNames.size();
    }

    /**
     * @param i a row
     * @param out a buffer of {@link #dimension()} values
     * @return {@code out} holding the row's features
     */
    public double[] row(int i, double[] out) {
        System.arraycopy(values, i * dimension(), out, 0, dimension());
        return out;
    }

    /** Writes {@code history} (null: none) as row {@code row} of a {@link #purchases} array. */
    public static void putPurchaseHistory(long[] purchases, int row, PurchaseHistory history) {
        int at = row * PURCHASE_FIELDS;
        purchases[at] = history == null ? 0 : history.days();
        purchases[at + 1] = history == null ? 0 : history.firstDay();
        purchases[at + 2] = history == null ? 0 : history.lastDay();
        purchases[at + 3] = history == null ? 0 : history.repeatSpendE4();
    }

    /** The purchase history of row {@code i}, null when it has none. */
    public PurchaseHistory purchaseHistory(int i) {
        int at = i * PURCHASE_FIELDS;
        return purchases[at] == 0 ? null
                : new PurchaseHistory((int) purchases[at], purchases[at + 1], purchases[at + 2], purchases[at + 3]);
    }

    /**
     * @param i a row
     * @param j a column
     * @return the value
     */
    public double get(int i, int j) {
        return values[i * dimension() + j];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureSnapshot s && Arrays.equals(customerIds, s.customerIds)
                && Arrays.equals(values, s.values) && featureNames.equals(s.featureNames)
                && snapshotTimeMillis == s.snapshotTimeMillis && endOffsets.equals(s.endOffsets)
                && recordsRead == s.recordsRead && tombstones == s.tombstones
                && customerCount == s.customerCount && Arrays.equals(purchases, s.purchases);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(customerIds) * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "FeatureSnapshot[customers=" + customerIds.length + ", features=" + featureNames
                + ", snapshotTime=" + snapshotTimeMillis + ", recordsRead=" + recordsRead
                + ", tombstones=" + tombstones + ", endOffsets=" + endOffsets + "]";
    }
}
