package io.segstream.bench;

import java.util.Arrays;

/**
 * Percentiles of a set of latencies in milliseconds, by the nearest-rank method: the p-th percentile is the smallest
 * value with at least p percent of the values at or below it.
 *
 * @param count number of values
 * @param p50 median
 * @param p99 99th percentile
 * @param p999 99.9th percentile
 * @param max largest value
 * @param mean arithmetic mean
 */
public record LatencySummary(long count, long p50, long p99, long p999, long max, double mean) {

    /** The summary of no values: every statistic 0. */
    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0);

    /** Summarises the first {@code n} values of {@code values}; sorts that prefix in place. */
    public static LatencySummary of(long[] values, int n) {
        if (n < 0 || n > values.length) {
            throw new IllegalArgumentException("n must be in [0, " + values.length + "], got " + n);
        }
        if (n == 0) {
            return EMPTY;
        }
        Arrays.sort(values, 0, n);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += values[i];
        }
        return new LatencySummary(n, rank(values, n, 50), rank(values, n, 99), rank(values, n, 99.9),
                values[n - 1], sum / n);
    }

    /** The nearest-rank percentile {@code p} (0 < p <= 100) of the sorted first {@code n} values. */
    static long rank(long[] sorted, int n, double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        // Integer arithmetic on thousandths avoids 0.999 * 1000 rounding up to the wrong rank.
        long perMille = Math.round(p * 10);
        long rank = (perMille * n + 999) / 1000;
        return sorted[(int) Math.max(0, rank - 1)];
    }
}
