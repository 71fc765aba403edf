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

    @Test
    void givenASyntheticPopulation_whenSampled_thenKeysSpreadEvenlyAndTheSampleMeanMatchesThePopulation() {
        // Feature values skewed by key order, so a hash that favoured some ids would move the mean.
        SnapshotBuilder builder = new SnapshotBuilder(FEATURES, 1024, K, 7);
        double populationMean = 0;
        for (int i = 0; i < N; i++) {
            double monetary = Math.exp(i / (double) N * 4);
            populationMean += monetary / N;
            builder.put("c" + i, new double[] {i, monetary}, 1L);
        }
        FeatureSnapshot sample = builder.build(Map.of());

        int bins = 20;
        long[] counts = new long[bins];
        double sampleMean = 0;
        for (int i = 0; i < sample.size(); i++) {
            counts[Integer.parseInt(sample.customerIds()[i].substring(1)) * bins / N]++;
            sampleMean += sample.get(i, 1) / sample.size();
        }
        double expected = sample.size() / (double) bins;
        double chiSquare = Arrays.stream(counts).mapToDouble(c -> (c - expected) * (c - expected) / expected).sum();
        // 19 degrees of freedom: P(chi2 > 43.8) = 0.001.
        assertTrue(chiSquare < 43.8, "chi-square " + chiSquare + " over " + Arrays.toString(counts));
        // The mean of exp(4U) has standard deviation ~7.5 / sqrt(K) = 0.075 in a sample of K; 4 sigma.
        assertEquals(populationMean, sampleMean, 0.3, "sample mean against the population's");
    }

    @Test
    void givenDeletionsAndTheSameRecordsInAnotherPartitionInterleaving_whenSampled_thenTheSameSample() {
        // Three "partitions"; within each the records of a key keep their order, as in Kafka.
        List<List<String[]>> partitions = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < N / 4; i++) {
            partitions.get(i % 3).add(new String[] {"c" + i, "1"});
        }
        for (int i = 0; i < N / 4; i += 5) {
            partitions.get(i % 3).add(new String[] {"c" + i, null});
        }
        for (int i = 0; i < N / 4; i += 10) {
            partitions.get(i % 3).add(new String[] {"c" + i, "2"});
        }
        FeatureSnapshot roundRobin = apply(interleave(partitions, new Random(1)));
        FeatureSnapshot oneAfterAnother = apply(partitions.stream().flatMap(List::stream).toList());

        assertArrayEquals(roundRobin.customerIds(), oneAfterAnother.customerIds());
        assertArrayEquals(roundRobin.values(), oneAfterAnother.values());
        assertEquals(roundRobin.customerCount(), oneAfterAnother.customerCount());
        assertTrue(roundRobin.sampled());
        // Keys divisible by 5 but not 10 are deleted; those divisible by 10 came back with value 2.
        for (int i = 0; i < roundRobin.size(); i++) {
            int n = Integer.parseInt(roundRobin.customerIds()[i].substring(1));
            assertTrue(n % 5 != 0 || n % 10 == 0, "deleted key " + n + " sampled");
            assertEquals(n % 10 == 0 ? 2.0 : 1.0, roundRobin.get(i, 1), "latest value of " + n);
        }
        // 45,000 live of 50,000 keys.
        assertEquals(45_000, roundRobin.customerCount(), 45_000 * 0.05);
        assertEquals(K * 0.9, roundRobin.size(), K * 0.03, "the deleted share of the tracked keys is missing");
    }

    @Test
    void givenAFullSample_whenAKeyOutsideItWrites_thenItIsNotWantedAndChangesNothing() {
        SnapshotBuilder builder = new SnapshotBuilder(FEATURES, 16, K, 7);
        for (String key : keys()) {
            builder.put(key, new double[] {1, 1}, 1L);
        }
        FeatureSnapshot before = builder.build(Map.of());
        String outside = keys().stream().filter(k -> Arrays.binarySearch(before.customerIds(), k) < 0)
                .findFirst().orElseThrow();

        assertFalse(builder.wants(outside));
        assertTrue(builder.wants(before.customerIds()[0]));
        builder.put(outside, new double[] {9, 9}, 2L);
        builder.delete(outside);

        FeatureSnapshot after = builder.build(Map.of());
        assertArrayEquals(before.customerIds(), after.customerIds());
        assertArrayEquals(before.values(), after.values());
        assertEquals(before.recordsRead() + 2, after.recordsRead());
    }

    private static List<String[]> interleave(List<List<String[]>> partitions, Random random) {
        List<String[]> out = new ArrayList<>();
        int[] at = new int[partitions.size()];
        while (out.size() < partitions.stream().mapToInt(List::size).sum()) {
            int p = random.nextInt(partitions.size());
            int batch = 1 + random.nextInt(500);
            for (int i = 0; i < batch && at[p] < partitions.get(p).size(); i++) {
                out.add(partitions.get(p).get(at[p]++));
            }
        }
        return out;
    }

    private static FeatureSnapshot apply(List<String[]> records) {
        SnapshotBuilder builder = new SnapshotBuilder(FEATURES, 1024, K, 7);
        for (String[] r : records) {
            if (!builder.wants(r[0])) {
                builder.skip(r[1] == null);
            } else if (r[1] == null) {
                builder.delete(r[0]);
            } else {
                builder.put(r[0], new double[] {0, Double.parseDouble(r[1])}, 1L);
            }
        }
        return builder.build(Map.of());
    }
}
