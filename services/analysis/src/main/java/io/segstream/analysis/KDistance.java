package io.segstream.analysis;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;

/** The k-distance curve used to choose DBSCAN's radius, and its knee. */
public final class KDistance {

    private KDistance() {
    }

    /**
     * Distance of every row to its {@code k}-th nearest other row, sorted ascending; by brute force, on a seeded
     * sample of {@code maxRows} rows (neighbours still searched among all rows) when there are more.
     * With {@code k = min_samples - 1} a row is a DBSCAN core point exactly when its value is at most eps.
     */
    public static double[] sorted(double[][] x, int k, int maxRows, long seed) {
        if (k < 1 || k >= x.length) {
            throw new IllegalArgumentException("k=" + k + " for " + x.length + " rows");
        }
        int[] rows = new int[Math.min(maxRows, x.length)];
        if (rows.length == x.length) {
            Arrays.setAll(rows, i -> i);
        } else {
            Random random = new Random(seed);
            rows = random.ints(0, x.length).distinct().limit(rows.length).toArray();
        }
        double[] out = new double[rows.length];
        int[] chunk = rows;
        IntStream.range(0, rows.length).parallel().forEach(r -> {
            double[] nearest = new double[k];
            Arrays.fill(nearest, Double.POSITIVE_INFINITY);
            double[] p = x[chunk[r]];
            for (int j = 0; j < x.length; j++) {
                if (j == chunk[r]) {
                    continue;
                }
                double s = 0;
                for (int c = 0; c < p.length; c++) {
                    double diff = p[c] - x[j][c];
                    s += diff * diff;
                }
                if (s < nearest[k - 1]) {
                    int at = k - 1;
                    while (at > 0 && nearest[at - 1] > s) {
                        nearest[at] = nearest[at - 1];
                        at--;
                    }
                    nearest[at] = s;
                }
            }
            out[r] = Math.sqrt(nearest[k - 1]);
        });
        Arrays.sort(out);
        return out;
    }

    /**
     * The knee of an increasing curve: the point farthest below the chord from the first to the last point,
     * both axes scaled to [0, 1] (Kneedle for a convex increasing curve). The top 0.5% is left out of the chord
     * so that a handful of extreme outliers do not push the knee to the very end.
     */
    public static double knee(double[] sortedValues) {
        int m = Math.max(3, (int) Math.ceil(sortedValues.length * 0.995));
        m = Math.min(m, sortedValues.length);
        double lo = sortedValues[0];
        double span = sortedValues[m - 1] - lo;
        if (span <= 0 || m < 3) {
            return sortedValues[m - 1] > 0 ? sortedValues[m - 1] : 1e-9;
        }
        int best = m - 1;
        double bestGap = 0;
        for (int i = 1; i < m - 1; i++) {
            double t = (double) i / (m - 1);
            double gap = t - (sortedValues[i] - lo) / span;
            if (gap > bestGap) {
                bestGap = gap;
                best = i;
            }
        }
        return sortedValues[best];
    }
}
