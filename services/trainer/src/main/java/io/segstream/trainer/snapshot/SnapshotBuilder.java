package io.segstream.trainer.snapshot;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.segstream.core.clv.PurchaseHistory;

/**
 * Applies the records of a compacted topic in order: the latest value per key wins and a tombstone deletes the
 * key. Rows live in one growing primitive array indexed through a key-to-slot map, so the topic is read once and
 * only overwritten in place.
 *
 * <p>With a customer limit k the builder keeps a bottom-k sample by hash instead. It tracks the k keys <em>ever
 * seen</em> whose seeded 63-bit hash is smallest, deleted keys included (without a row), and holds a row for those of
 * them that are live. A key outside those k is never decoded ({@link #wants}). Because "the k smallest hashes of the
 * keys seen" and "the last record of each key" do not depend on how partitions interleave, the sample is the same
 * for the same topic content and seed however it is read; a later value of a sampled key replaces its row, a
 * tombstone removes it and a value after that brings it back. Hashes are independent of the features, so the live
 * keys among the k are a uniform sample of the live customers, in memory bounded by k (one map entry and one row per
 * tracked key) however many customers the topic holds. With deletions the sample holds fewer than k rows: the share
 * of deleted keys among the tracked ones.
 *
 * <p>The number of live customers is exact while the topic has no more than k keys; above, the k-th smallest
 * normalised hash u estimates the distinct keys ever seen as (k − 1) / u, scaled by the live share of the tracked
 * keys (relative standard error about 1/√k).
 */
public final class SnapshotBuilder {

    private final List<String> featureNames;
    private final int d;
    private final int limit;
    private final long seed;
    private final Map<String, Integer> slots = new HashMap<>();
    /** The tracked keys by hash, live or deleted; only used with a limit. */
    private final TreeMap<Long, String> tracked = new TreeMap<>();
    private final ArrayDeque<Integer> freeSlots = new ArrayDeque<>();
    private boolean overflowed;
    /** {@code tracked.lastKey()} when k keys are tracked: read per record, where the tree's walk costs cache misses. */
    private long largestTracked = Long.MAX_VALUE;
    private double[] values;
    private long[] purchases;
    private int used;
    private long maxAsOf = Long.MIN_VALUE;
    private long recordsRead;
    private long tombstones;

    /**
     * @param featureNames the columns
     * @param expectedCustomers a capacity hint
     */
    public SnapshotBuilder(List<String> featureNames, int expectedCustomers) {
        this(featureNames, expectedCustomers, 0, 0);
    }

    /**
     * @param featureNames the columns
     * @param expectedCustomers a capacity hint
     * @param limit at most this many customers are kept (a bottom-k sample); 0 for no limit
     * @param seed seed of the sampling hash
     */
    public SnapshotBuilder(List<String> featureNames, int expectedCustomers, int limit, long seed) {
        if (limit < 0) {
            throw new IllegalArgumentException("Negative customer limit " + limit);
        }
        this.featureNames = List.copyOf(featureNames);
        this.d = featureNames.size();
        this.limit = limit;
        this.seed = seed;
        int rows = Math.max(16, limit > 0 ? Math.min(expectedCustomers, limit) : expectedCustomers);
        this.values = new double[rows * d];
        this.purchases = new long[rows * FeatureSnapshot.PURCHASE_FIELDS];
    }

    /**
     * Whether a record of {@code customerId} can change the snapshot. A record it does not want is only counted
     * ({@link #skip}), so a reader need not decode its value.
     */
    public boolean wants(String customerId) {
        if (limit == 0 || tracked.size() < limit) {
            return true;
        }
        return hash(customerId, seed) <= largestTracked;
    }

    /** Counts a record {@link #wants} refused: {@code tombstone} when its value was null. */
    public void skip(boolean tombstone) {
        recordsRead++;
        if (tombstone) {
            tombstones++;
        }
    }

    /**
     * Sets the row of {@code customerId}.
     *
     * @param customerId the key
     * @param row {@code featureNames.size()} values
     * @param asOfMillis the reference time of the values
     */
    public void put(String customerId, double[] row, long asOfMillis) {
        put(customerId, row, asOfMillis, null);
    }

    /**
     * Sets the row of {@code customerId} with its purchase history.
     *
     * @param customerId the key
     * @param row {@code featureNames.size()} values
     * @param asOfMillis the reference time of the values
     * @param history the customer's purchase days, null when it has none or they are unknown
     */
    public void put(String customerId, double[] row, long asOfMillis, PurchaseHistory history) {
        recordsRead++;
        maxAsOf = Math.max(maxAsOf, asOfMillis);
        Integer slot = slots.get(customerId);
        if (slot == null) {
            if (limit > 0 && !track(customerId)) {
                return;
            }
            slot = newSlot();
            slots.put(customerId, slot);
        }
        System.arraycopy(row, 0, values, slot * d, d);
        FeatureSnapshot.putPurchaseHistory(purchases, slot, history);
    }

    /**
     * Deletes {@code customerId}. With a limit the key stays tracked: a deleted key still counts among the k smallest
     * hashes, which keeps the sample independent of the order of records across partitions.
     *
     * @param customerId the key of a tombstone
     */
    public void delete(String customerId) {
        recordsRead++;
        tombstones++;
        if (limit > 0) {
            track(customerId);
        }
        Integer slot = slots.remove(customerId);
        if (slot != null) {
            freeSlots.push(slot);
        }
    }

    /**
     * Tracks {@code customerId} when its hash is among the k smallest seen, evicting the largest (and its row);
     * @return whether it is tracked
     */
    private boolean track(String customerId) {
        long h = hash(customerId, seed);
        if (tracked.containsKey(h)) {
            return true;
        }
        if (tracked.size() >= limit) {
            overflowed = true;
            Map.Entry<Long, String> largest = tracked.lastEntry();
            if (h >= largest.getKey()) {
                return false;
            }
            tracked.pollLastEntry();
            Integer freed = slots.remove(largest.getValue());
            if (freed != null) {
                freeSlots.push(freed);
            }
        }
        tracked.put(h, customerId);
        if (tracked.size() >= limit) {
            largestTracked = tracked.lastKey();
        }
        return true;
    }

    private int newSlot() {
        if (!freeSlots.isEmpty()) {
            return freeSlots.pop();
        }
        if ((used + 1) * d > values.length) {
            values = Arrays.copyOf(values, Math.max(values.length * 2, (used + 1) * d));
        }
        if ((used + 1) * FeatureSnapshot.PURCHASE_FIELDS > purchases.length) {
            purchases = Arrays.copyOf(purchases, Math.max(purchases.length * 2,
                    (used + 1) * FeatureSnapshot.PURCHASE_FIELDS));
        }
        return used++;
    }

    /** A seeded 63-bit hash of a key (FNV-1a over the chars, then a 64-bit finaliser), non-negative. */
    static long hash(String key, long seed) {
        long h = 0xcbf29ce484222325L ^ seed;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h >>> 1;
    }

    /** Distinct live customers: exact while every key is tracked, else the bottom-k estimate. */
    long estimatedCustomers() {
        if (!overflowed || tracked.size() < 2) {
            return slots.size();
        }
        double kth = tracked.lastKey() / (double) Long.MAX_VALUE;
        double everSeen = (tracked.size() - 1) / kth;
        return Math.max(slots.size(), Math.round(everSeen * slots.size() / tracked.size()));
    }

    /** @return the live customers, sorted by id. */
    public FeatureSnapshot build(Map<Integer, Long> endOffsets) {
        String[] ids = slots.keySet().toArray(String[]::new);
        Arrays.sort(ids);
        double[] out = new double[ids.length * d];
        int p = FeatureSnapshot.PURCHASE_FIELDS;
        long[] histories = new long[ids.length * p];
        for (int i = 0; i < ids.length; i++) {
            int slot = slots.get(ids[i]);
            System.arraycopy(values, slot * d, out, i * d, d);
            System.arraycopy(purchases, slot * p, histories, i * p, p);
        }
        return new FeatureSnapshot(ids, out, featureNames, maxAsOf, endOffsets, recordsRead, tombstones,
                estimatedCustomers(), histories);
    }
}
