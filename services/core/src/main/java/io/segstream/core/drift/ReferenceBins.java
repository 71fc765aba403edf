package io.segstream.core.drift;

import java.util.Arrays;

/**
 * Fixed bins of one feature for drift measures: the distinct deciles of a reference sample as inner edges, with
 * open-ended outer bins, so every value has a bin however far the live data moves. Bin 0 is (-inf, edges[0]], bin i
 * is (edges[i-1], edges[i]], the last is (edges[m-1], +inf). Ties (e.g. many customers with frequency 1) merge
 * edges, so a feature has between 1 and 10 bins.
 *
 * @param edges  ascending inner edges
 * @param shares fraction of the reference sample in each bin ({@code edges.length + 1} values)
 */
public record ReferenceBins(double[] edges, double[] shares) {

    /** Validates: ascending finite edges and one share per bin. */
    public ReferenceBins {
        if (shares.length != edges.length + 1) {
            throw new IllegalArgumentException(edges.length + " edges need " + (edges.length + 1) + " shares, got "
                    + shares.length);
        }
        for (int i = 0; i < edges.length; i++) {
            if (!Double.isFinite(edges[i]) || i > 0 && edges[i] <= edges[i - 1]) {
                throw new IllegalArgumentException("edges must be finite and strictly ascending: "
                        + Arrays.toString(edges));
            }
        }
    }

    /**
     * Bins of a reference sample: its deciles (nearest rank), ties merged, and the sample's share in each bin.
     *
     * @param values the reference values (not modified); at least one, all finite
     */
    public static ReferenceBins fit(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no reference values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double[] edges = new double[9];
        int m = 0;
        for (int d = 1; d <= 9; d++) {
            double q = sorted[(int) Math.ceil(d / 10.0 * sorted.length) - 1];
            if (m == 0 || q > edges[m - 1]) {
                edges[m++] = q;
            }
        }
        // An edge at the maximum would leave the top bin empty in the reference; drop it.
        if (m > 0 && edges[m - 1] >= sorted[sorted.length - 1]) {
            m--;
        }
        double[] inner = Arrays.copyOf(edges, m);
        long[] counts = new long[m + 1];
        for (double v : sorted) {
            counts[bin(inner, v)]++;
        }
        double[] shares = new double[m + 1];
        for (int b = 0; b <= m; b++) {
            shares[b] = (double) counts[b] / sorted.length;
        }
        return new ReferenceBins(inner, shares);
    }

    /** Number of bins. */
    public int size() {
        return shares.length;
    }

    /** The bin of {@code value}; NaN falls in the last bin. */
    public int bin(double value) {
        return bin(edges, value);
    }

    private static int bin(double[] edges, double value) {
        int lo = 0;
        int hi = edges.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (value <= edges[mid]) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReferenceBins r && Arrays.equals(edges, r.edges) && Arrays.equals(shares, r.shares);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(edges) + Arrays.hashCode(shares);
    }

    @Override
    public String toString() {
        return "ReferenceBins[edges=" + Arrays.toString(edges) + ", shares=" + Arrays.toString(shares) + "]";
    }
}
