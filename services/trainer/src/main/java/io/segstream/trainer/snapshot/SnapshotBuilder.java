package io.segstream.trainer.snapshot;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies the records of a compacted topic in order: the latest value per key wins and a tombstone deletes the
 * key. Rows live in one growing primitive array indexed through a key-to-slot map, so the topic is read once and
 * only overwritten in place.
 */
public final class SnapshotBuilder {

    private final List<String> featureNames;
    private final int d;
    private final Map<String, Integer> slots = new HashMap<>();
    private double[] values;
    private int used;
    private long maxAsOf = Long.MIN_VALUE;
    private long recordsRead;
    private long tombstones;

    /**
     * @param featureNames the columns
     * @param expectedCustomers a capacity hint
     */
    public SnapshotBuilder(List<String> featureNames, int expectedCustomers) {
        this.featureNames = List.copyOf(featureNames);
        this.d = featureNames.size();
        this.values = new double[Math.max(16, expectedCustomers) * d];
    }

    /**
     * Sets the row of {@code customerId}.
     *
     * @param customerId the key
     * @param row {@code featureNames.size()} values
     * @param asOfMillis the reference time of the values
     */
    public void put(String customerId, double[] row, long asOfMillis) {
        recordsRead++;
        maxAsOf = Math.max(maxAsOf, asOfMillis);
        Integer slot = slots.get(customerId);
        if (slot == null) {
            if ((used + 1) * d > values.length) {
                values = Arrays.copyOf(values, Math.max(values.length * 2, (used + 1) * d));
            }
            slot = used++;
            slots.put(customerId, slot);
        }
        System.arraycopy(row, 0, values, slot * d, d);
    }

    /**
     * Deletes {@code customerId}; its slot is not reused, which only costs space when keys come back.
     *
     * @param customerId the key of a tombstone
     */
    public void delete(String customerId) {
        recordsRead++;
        tombstones++;
        slots.remove(customerId);
    }

    /** @return the live customers, sorted by id. */
    public FeatureSnapshot build(Map<Integer, Long> endOffsets) {
        String[] ids = slots.keySet().toArray(String[]::new);
        Arrays.sort(ids);
        double[] out = new double[ids.length * d];
        for (int i = 0; i < ids.length; i++) {
            System.arraycopy(values, slots.get(ids[i]) * d, out, i * d, d);
        }
        return new FeatureSnapshot(ids, out, featureNames, maxAsOf, endOffsets, recordsRead, tombstones);
    }
}
