package io.segstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

class LatencySummaryBenchTest {

    @Test
    void givenOneToThousand_whenSummarised_thenNearestRankPercentiles() {
        long[] values = new long[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = 1000 - i;
        }

        LatencySummary s = LatencySummary.of(values, values.length);

        assertEquals(new LatencySummary(1000, 500, 990, 999, 1000, 500.5), s);
    }

    @Test
    void givenFewValues_whenSummarised_thenHighPercentilesAreTheMaximum() {
        LatencySummary s = LatencySummary.of(new long[] {30, 10, 20}, 3);

        assertEquals(20, s.p50());
        assertEquals(30, s.p99());
        assertEquals(30, s.p999());
        assertEquals(30, s.max());
        assertEquals(20.0, s.mean(), 1e-12);
    }

    @Test
    void givenPrefix_whenSummarised_thenValuesBeyondItAreIgnored() {
        LatencySummary s = LatencySummary.of(new long[] {5, 1, 999, 999}, 2);

        assertEquals(2, s.count());
        assertEquals(1, s.p50());
        assertEquals(5, s.max());
    }

    @Test
    void givenNoValues_whenSummarised_thenEmpty() {
        assertEquals(LatencySummary.EMPTY, LatencySummary.of(new long[0], 0));
        assertEquals(LatencySummary.EMPTY, new LatencyRecorder().summary());
    }

    @Test
    void givenBadArguments_whenSummarised_thenRejected() {
        assertThrows(IllegalArgumentException.class, () -> LatencySummary.of(new long[2], 3));
        assertThrows(IllegalArgumentException.class, () -> LatencySummary.rank(new long[] {1}, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> LatencySummary.rank(new long[] {1}, 1, 100.1));
    }

    @Test
    void givenMoreSamplesThanTheInitialCapacity_whenRecorded_thenAllCount() {
        LatencyRecorder recorder = new LatencyRecorder();
        for (int i = 1; i <= 5000; i++) {
            recorder.record(i);
        }

        LatencySummary s = recorder.summary();

        assertEquals(5000, s.count());
        assertEquals(2500, s.p50());
        assertEquals(4950, s.p99());
        assertEquals(4995, s.p999());
        assertEquals(5000, s.max());
    }

    @Test
    void givenReferenceOutput_whenParsed_thenEverySecondsTokenIsRead() {
        String output = """
                rows=401604 customers=4322 load_s=0.37 features_s=0.29
                k=2 inertia=15196.1 silhouette=0.3589 CH=3052.1 DB=1.088
                kmeans_sweep_s=11.12 best_k=2 best_silhouette=0.3589
                total_s=12.21
                """;

        assertEquals(Map.of("load", 0.37, "features", 0.29, "kmeans_sweep", 11.12, "total", 12.21),
                Baseline.parse(output));
    }

    @Test
    void givenMissingScript_whenRun_thenSkippedNotFailed() {
        Baseline.Result r = Baseline.run(Baseline.DEFAULT_PYTHON, java.nio.file.Path.of("/nonexistent/ref.py"),
                java.nio.file.Path.of("x.csv"), 5);

        assertEquals(false, r.ran());
        assertEquals(true, r.note().contains("not found"), r.note());
    }
}
