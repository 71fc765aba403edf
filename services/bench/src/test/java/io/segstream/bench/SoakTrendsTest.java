package io.segstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The soak's trends and verdicts on series whose slopes are known. */
class SoakTrendsTest {

    /** 120 samples, one every 10 s (20 minutes). */
    private static List<SoakBench.Sample> series(IntFunction<SoakBench.Sample> sample) {
        List<SoakBench.Sample> samples = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            samples.add(sample.apply(i));
        }
        return samples;
    }

    private static Map<String, SoakBench.Trend> byMeasure(List<SoakBench.Trend> trends) {
        return trends.stream().collect(Collectors.toMap(SoakBench.Trend::measure, t -> t));
    }

    @Test
    void givenALinearSeries_whenTheSlopeIsFitted_thenItIsTheSlopePerHour() {
        // 2 MB per minute = 120 MB per hour, plus a zig-zag that averages out.
        var samples = series(i -> new SoakBench.Sample(i / 6.0,
                (long) (300e6 + 2e6 * i / 6.0 + (i % 2 == 0 ? 1e5 : -1e5)), 0, 10, 1_000, 10, 10));

        assertEquals(120.0, SoakBench.slopePerHour(samples, s -> s.heapAfterGcBytes() / 1e6), 0.05);
    }

    @Test
    void givenAnExactLine_whenTheIntervalIsComputed_thenItIsZero_andNoiseWidensItAsTheStandardErrorSays() {
        var exact = series(i -> new SoakBench.Sample(i / 6.0, (long) (300e6 + 2e6 * i / 6.0), 0, 10, 1_000, 10, 10));
        assertEquals(0.0, SoakBench.slopeHalfWidth(exact, s -> s.heapAfterGcBytes() / 1e6), 1e-6);

        // Residuals of +-0.1 MB: residual variance 0.01 * n / (n - 2); Sxx of n points 1/6 min apart is
        // (n^3 - n) / 12 / 36 min^2. Half-width per hour = 1.96 * sqrt(var / Sxx) * 60.
        var noisy = series(i -> new SoakBench.Sample(i / 6.0,
                (long) (300e6 + 2e6 * i / 6.0 + (i % 2 == 0 ? 1e5 : -1e5)), 0, 10, 1_000, 10, 10));
        int n = noisy.size();
        double sxx = ((double) n * n * n - n) / 12 / 36;
        double expected = 1.96 * Math.sqrt(0.01 * n / (n - 2) / sxx) * 60;
        assertEquals(expected, SoakBench.slopeHalfWidth(noisy, s -> s.heapAfterGcBytes() / 1e6), expected * 0.02);
    }

    @Test
    void givenFlatSeries_whenJudged_thenEveryMeasureIsBounded() {
        // State grows with the invoices held (12 bytes each), not faster.
        var samples = series(i -> new SoakBench.Sample(i / 6.0, 400_000_000L + (i % 3) * 1_000_000L, 300 + i % 5,
                120 + i % 7, 12L * (20_000 + 10_000L * i), 50_000, 10_000L * i));

        var trends = byMeasure(SoakBench.trends(samples, 1_000, 20_000));

        assertEquals(4, trends.size());
        trends.values().forEach(t -> assertTrue(t.bounded(), t.toString()));
        assertEquals(12.0, trends.get("state per invoice").mean(), 1e-9);
        assertEquals(0.0, trends.get("state per invoice").slopePerHour(), 1e-9);
        var result = new SoakBench.Result(samples, trends.values().stream().toList(), 5, 5, 2, 20_000);
        assertTrue(result.passed());
        assertFalse(new SoakBench.Result(samples, result.trends(), 5, 4, 2, 20_000).passed(),
                "an unprocessed invoice fails");
    }

    @Test
    void givenALeakAGrowingBacklogAndRisingLatency_whenJudged_thenEachIsCaught() {
        // Heap +1 MB per minute on 400 MB (15 % per hour), lag growing to 10 s of input, p99 rising 10 ms/min.
        // State per invoice doubles over the run: something besides the invoices grows.
        var samples = series(i -> new SoakBench.Sample(i / 6.0, 400_000_000L + 1_000_000L * i / 6,
                100L * i * 1_000 / 120 * 10, 100 + 10L * i / 6, 12L * (10_000L * i) * (120 + i) / 120, 50_000,
                10_000L * i));

        var trends = byMeasure(SoakBench.trends(samples, 1_000, 0));

        assertFalse(trends.get("heap after GC").bounded(), trends.get("heap after GC").toString());
        assertFalse(trends.get("consumer lag").bounded(), trends.get("consumer lag").toString());
        assertFalse(trends.get("invoice->features p99").bounded(), trends.get("invoice->features p99").toString());
        assertFalse(trends.get("state per invoice").bounded(), trends.get("state per invoice").toString());
    }
}
