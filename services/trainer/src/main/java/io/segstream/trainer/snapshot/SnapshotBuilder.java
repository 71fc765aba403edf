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
 * <p>With a customer limit the builder keeps a bottom-k sample instead: the {@code limit} customers whose seeded
 * 63-bit key hash is smallest. That is a uniform sample of the distinct keys, independent of record order and
 * partitioning, in memory bounded by the limit however many customers the topic holds; the k-th smallest hash also
 * estimates the number of distinct customers (k − 1) / h_k. A tombstone for a sampled key leaves its place empty,
 * so with many deletions the sample may end up slightly smaller than the limit.
 */
public final class SnapshotBuilder {

    private final List<String> featureNames;
    private final int d;
    private final int limit;
    private final long seed;
    private final Map<String, Integer> slots = new HashMap<>();
    private final TreeMap<Long, String> sampleByHash = new TreeMap<>();
    private final ArrayDeque<Integer> freeSlots = new ArrayDeque<>();
    private boolean sampled;
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
            if (limit > 0 && !admit(customerId)) {
                return;
            }
            slot = newSlot();
            slots.put(customerId, slot);
        }
        System.arraycopy(row, 0, values, slot * d, d);
        FeatureSnapshot.putPurchaseHistory(purchases, slot, history);
    }

    /** Whether a new key enters the bottom-k sample, evicting the key with the largest hash when it is full. */
    private boolean admit(String customerId) {
        long h = hash(customerId, seed);
        if (slots.size() >= limit) {
            sampled = true;
            Map.Entry<Long, String> largest = sampleByHash.lastEntry();
            if (h >= largest.getKey()) {
                return false;
            }
            sampleByHash.pollLastEntry();
            freeSlots.push(slots.remove(largest.getValue()));
        }
        sampleByHash.put(h, customerId);
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

    /** Distinct live customers: exact without a limit or below it, else the bottom-k estimate. */
    long estimatedCustomers() {
        if (!sampled || sampleByHash.size() < 2) {
            return slots.size();
        }
        double kth = sampleByHash.lastKey() / (double) Long.MAX_VALUE;
        return Math.max(slots.size(), Math.round((sampleByHash.size() - 1) / kth));
    }

    /**
     * Deletes {@code customerId}; its slot is not reused, which only costs space when keys come back.
     *
     * @param customerId the key of a tombstone
     */
    public void delete(String customerId) {
        recordsRead++;
        tombstones++;
        Integer slot = slots.remove(customerId);
        if (slot != null) {
            freeSlots.push(slot);
            if (limit > 0) {
                sampleByHash.remove(hash(customerId, seed));
            }
        }
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
