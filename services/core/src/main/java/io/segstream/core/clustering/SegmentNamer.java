package io.segstream.core.clustering;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Names segments from their centroid profiles in original units with RFM rules.
 *
 * <p>Each centroid's recency, frequency and monetary value are placed in the population by
 * percentile rank (from quantile grids of the training customers). Recency is reversed, so
 * {@code r} near 1 means "bought recently"; {@code fm} is the mean of the frequency and
 * monetary ranks. With thirds as levels (high ≥ 2/3, low &lt; 1/3):
 *
 * <table>
 * <caption>Segment names by recency level (rows) and frequency-monetary level (columns)</caption>
 * <tr><th>r \ fm</th><th>high</th><th>mid</th><th>low</th></tr>
 * <tr><td>high</td><td>Champions</td><td>Potential loyalists</td><td>New customers</td></tr>
 * <tr><td>mid</td><td>Loyal</td><td>Need attention</td><td>About to sleep</td></tr>
 * <tr><td>low</td><td>Can't lose them</td><td>At risk</td><td>Hibernating, or Lost when r &lt; 1/6</td></tr>
 * </table>
 *
 * <p>Names are unique within a model: when several segments get the same name, the one with the
 * highest {@code r + fm} (then the lowest index) keeps it and the others get " 2", " 3", ...
 */
public final class SegmentNamer {
    private static final double HIGH = 2.0 / 3.0;
    private static final double LOW = 1.0 / 3.0;
    private static final double LOST = 1.0 / 6.0;

    private SegmentNamer() {
    }

    /**
     * Which columns of a profile hold recency (days since last purchase), frequency and
     * monetary value.
     *
     * @param recency the recency column.
     * @param frequency the frequency column.
     * @param monetary the monetary column.
     */
    public record Columns(int recency, int frequency, int monetary) {
        /** Validates the indices. */
        public Columns {
            if (recency < 0 || frequency < 0 || monetary < 0) {
                throw new IllegalArgumentException("Negative column index");
            }
        }
    }

    /**
     * The population's distribution of recency, frequency and monetary as 101 percentiles each,
     * small enough to travel with a model.
     *
     * @param recency percentiles 0..100 of recency.
     * @param frequency percentiles 0..100 of frequency.
     * @param monetary percentiles 0..100 of monetary.
     */
    public record Population(double[] recency, double[] frequency, double[] monetary) {
        /** Validates and copies the grids. */
        public Population {
            for (double[] g : List.of(recency, frequency, monetary)) {
                if (g.length != 101) {
                    throw new IllegalArgumentException("Percentile grids need 101 values, got " + g.length);
                }
            }
            recency = recency.clone();
            frequency = frequency.clone();
            monetary = monetary.clone();
        }

        /**
         * Builds the grids from raw customer profiles.
         *
         * @param profiles one row per customer, original units.
         * @param columns where recency, frequency and monetary are.
         * @return the population.
         */
        public static Population of(double[][] profiles, Columns columns) {
            return new Population(grid(profiles, columns.recency()), grid(profiles, columns.frequency()),
                    grid(profiles, columns.monetary()));
        }

        private static double[] grid(double[][] rows, int col) {
            double[] v = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                v[i] = rows[i][col];
            }
            Arrays.sort(v);
            double[] g = new double[101];
            for (int p = 0; p <= 100; p++) {
                g[p] = FeatureTransform.quantile(v, p / 100.0);
            }
            return g;
        }
    }

    /**
     * Names each centroid.
     *
     * @param centroids the centroid profiles in original units (see {@link FeatureTransform#invert}).
     * @param columns where recency, frequency and monetary are.
     * @param population the reference distribution.
     * @return one unique name per centroid, in centroid order.
     */
    public static List<String> name(double[][] centroids, Columns columns, Population population) {
        int k = centroids.length;
        String[] base = new String[k];
        double[] value = new double[k];
        for (int j = 0; j < k; j++) {
            double r = 1 - rank(population.recency(), centroids[j][columns.recency()]);
            double fm = (rank(population.frequency(), centroids[j][columns.frequency()])
                    + rank(population.monetary(), centroids[j][columns.monetary()])) / 2;
            base[j] = rule(r, fm);
            value[j] = r + fm;
        }
        Integer[] order = new Integer[k];
        for (int j = 0; j < k; j++) {
            order[j] = j;
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(j -> -value[j]).thenComparingInt(j -> j));
        Map<String, Integer> seen = new HashMap<>();
        String[] names = new String[k];
        for (int j : order) {
            int n = seen.merge(base[j], 1, Integer::sum);
            names[j] = n == 1 ? base[j] : base[j] + " " + n;
        }
        return new ArrayList<>(Arrays.asList(names));
    }

    /**
     * The rule table of the class comment.
     *
     * @param r the reversed recency rank, 1 = most recent.
     * @param fm the mean frequency and monetary rank.
     * @return the segment name.
     */
    static String rule(double r, double fm) {
        if (r >= HIGH) {
            return fm >= HIGH ? "Champions" : fm >= LOW ? "Potential loyalists" : "New customers";
        }
        if (r >= LOW) {
            return fm >= HIGH ? "Loyal" : fm >= LOW ? "Need attention" : "About to sleep";
        }
        if (fm >= HIGH) {
            return "Can't lose them";
        }
        if (fm >= LOW) {
            return "At risk";
        }
        return r < LOST ? "Lost" : "Hibernating";
    }

    /** Percentile rank of {@code x} in [0, 1], interpolated on the grid; ties take the middle. */
    static double rank(double[] grid, double x) {
        if (x < grid[0]) {
            return 0;
        }
        if (x > grid[100]) {
            return 1;
        }
        int below = 0;
        int equal = 0;
        for (double g : grid) {
            if (g < x) {
                below++;
            } else if (g == x) {
                equal++;
            }
        }
        if (equal > 0) {
            // Skewed counts such as frequency repeat grid values: take the middle of the run.
            return (below + (equal - 1) / 2.0) / 100.0;
        }
        int lo = below - 1;
        return (lo + (x - grid[lo]) / (grid[lo + 1] - grid[lo])) / 100.0;
    }
}
