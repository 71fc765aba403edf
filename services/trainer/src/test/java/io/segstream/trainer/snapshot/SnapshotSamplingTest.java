package io.segstream.trainer.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The bounded snapshot: a bottom-k sample of distinct customers with a count estimate. */
class SnapshotSamplingTest {

    private static final List<String> FEATURES = List.of("recency", "monetary");
    private static final int N = 200_000;
    private static final int K = 10_000;

    private static FeatureSnapshot build(List<String> keys, int limit) {
        SnapshotBuilder builder = new SnapshotBuilder(FEATURES, 1024, limit, 7);
        for (String key : keys) {
            int n = Integer.parseInt(key.substring(1));
            builder.put(key, new double[] {n, n * 2.0}, 1_000L);
        }
        return builder.build(Map.of());
    }

    private static List<String> keys() {
        List<String> keys = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            keys.add("c" + i);
        }
        return keys;
    }

    @Test
    void givenMoreCustomersThanTheLimit_whenBuilt_thenBoundedSampleAndCloseCountEstimate() {
        FeatureSnapshot snapshot = build(keys(), K);

        assertEquals(K, snapshot.size());
        assertTrue(snapshot.sampled());
        double error = Math.abs(snapshot.customerCount() - N) / (double) N;
        assertTrue(error < 0.05, "estimated " + snapshot.customerCount() + " of " + N);
        long lowHalf = Arrays.stream(snapshot.customerIds()).filter(id -> Integer.parseInt(id.substring(1)) < N / 2)
                .count();
        assertEquals(0.5, lowHalf / (double) K, 0.02, "sample is not uniform over the keys");
        for (int i = 0; i < snapshot.size(); i++) {
            int n = Integer.parseInt(snapshot.customerIds()[i].substring(1));
            assertEquals(n * 2.0, snapshot.get(i, 1), "row belongs to its key");
        }
    }

    @Test
    void givenAnyRecordOrder_whenBuilt_thenSameSample() {
        List<String> shuffled = keys();
        Collections.shuffle(shuffled, new Random(3));

        FeatureSnapshot inOrder = build(keys(), K);
        FeatureSnapshot reordered = build(shuffled, K);

        assertArrayEquals(inOrder.customerIds(), reordered.customerIds());
        assertEquals(inOrder.customerCount(), reordered.customerCount());
    }

    @Test
    void givenUpdatesAndTombstones_whenSampled_thenLatestValueWinsAndDeletedKeysLeave() {
        SnapshotBuilder builder = new SnapshotBuilder(FEATURES, 16, K, 7);
        for (String key : keys()) {
            builder.put(key, new double[] {1, 1}, 1L);
        }
        FeatureSnapshot first = builder.build(Map.of());
        String kept = first.customerIds()[0];
        String deleted = first.customerIds()[1];

        builder.put(kept, new double[] {5, 50}, 2L);
        builder.delete(deleted);
        FeatureSnapshot second = builder.build(Map.of());

        int at = Arrays.binarySearch(second.customerIds(), kept);
        assertEquals(50.0, second.get(at, 1));
        assertTrue(Arrays.binarySearch(second.customerIds(), deleted) < 0);
        assertEquals(K - 1, second.size());
    }

    @Test
    void givenFewerCustomersThanTheLimit_whenBuilt_thenExactAndNotSampled() {
        FeatureSnapshot snapshot = build(keys().subList(0, 500), K);

        assertEquals(500, snapshot.size());
        assertEquals(500, snapshot.customerCount());
        assertFalse(snapshot.sampled());
    }
}
