package io.segstream.core.clustering;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Names segments from their centroid profiles in original units, in the usual RFM vocabulary.
 *
 * <p>Each centroid's recency, frequency and monetary value are placed in the population by
 * percentile rank (from quantile grids of the training customers). Recency is reversed, so
 * {@code r} near 1 means "bought recently"; {@code fm} is the mean of the frequency and
 * monetary ranks. Every name has a prototype position in that (r, fm) square; centroids of k-means on
 * log-scaled features are means, so they rarely reach the corners, and the prototypes sit where
 * centroids land (on Online Retail, r between 0.14 and 0.89, fm between 0.15 and 0.97 for k = 2..10):
 *
 * <table>
 * <caption>Prototype positions of the names (rank space; 1 = most recent, most frequent and valuable)</caption>
 * <tr><th>name</th><th>r</th><th>fm</th><th>who</th></tr>
 * <tr><td>Champions</td><td>0.88</td><td>0.92</td><td>bought lately, buy often, spend the most</td></tr>
 * <tr><td>Loyal</td><td>0.65</td><td>0.80</td><td>buy often and much, not quite as lately</td></tr>
 * <tr><td>Potential loyalists</td><td>0.82</td><td>0.55</td><td>recent, average frequency and spend</td></tr>
 * <tr><td>New customers</td><td>0.85</td><td>0.20</td><td>recent, one small purchase so far</td></tr>
 * <tr><td>Need attention</td><td>0.50</td><td>0.50</td><td>middling on both</td></tr>
 * <tr><td>About to sleep</td><td>0.45</td><td>0.25</td><td>middling recency, little bought</td></tr>
 * <tr><td>At risk</td><td>0.30</td><td>0.60</td><td>spent well, a while ago</td></tr>
 * <tr><td>Can't lose them</td><td>0.20</td><td>0.85</td><td>among the best spenders, long gone</td></tr>
 * <tr><td>Hibernating</td><td>0.30</td><td>0.30</td><td>little, a while ago</td></tr>
 * <tr><td>Lost</td><td>0.15</td><td>0.15</td><td>the least, the longest ago</td></tr>
 * </table>
 *
 * <p>Names go to centroids by a minimum-cost assignment ({@link Hungarian}) of the squared distance
 * between a centroid's (r, fm) and a prototype, so a name follows where a segment sits, not its
 * index, and up to ten segments get ten distinct names: segments near distinct prototypes get those
 * names, two near the same prototype share it and the next nearest one out. Beyond ten, the
 * unassigned segments take their nearest prototype's name with " 2", " 3", ... (highest
 * {@code r + fm} first).
 *
 * <p>On a refit, segments that continue a previous one (see {@link LabelAlignment}) may pass their
 * previous name: keeping it costs {@link #KEEP_BONUS} less, so a segment that drifted a little
 * keeps its name and one that moved to another prototype's place is renamed.
 */
public final class SegmentNamer {

    /**
     * A segment name and where its typical customer sits in rank space.
     *
     * @param name the name.
     * @param r the reversed recency rank, 1 = most recent.
     * @param fm the mean frequency and monetary rank.
     */
    public record Prototype(String name, double r, double fm) {
    }

    /** The names and their positions, as in the class comment's table. */
    public static final List<Prototype> PROTOTYPES = List.of(
            new Prototype("Champions", 0.88, 0.92),
            new Prototype("Loyal", 0.65, 0.80),
            new Prototype("Potential loyalists", 0.82, 0.55),
            new Prototype("New customers", 0.85, 0.20),
            new Prototype("Need attention", 0.50, 0.50),
            new Prototype("About to sleep", 0.45, 0.25),
            new Prototype("At risk", 0.30, 0.60),
            new Prototype("Can't lose them", 0.20, 0.85),
            new Prototype("Hibernating", 0.30, 0.30),
            new Prototype("Lost", 0.15, 0.15));

    /**
     * How much closer, in summed squared rank distance, another naming must be before a continued segment loses its
     * previous name: 0.01 is a shift of 0.1 on one rank axis.
     */
    public static final double KEEP_BONUS = 0.01;

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
        return name(centroids, columns, population, Collections.nCopies(centroids.length, null));
    }

    /**
     * Names each centroid, preferring the names the continued segments had in the previous model.
     *
     * @param centroids the centroid profiles in original units (see {@link FeatureTransform#invert}).
     * @param columns where recency, frequency and monetary are.
     * @param population the reference distribution.
     * @param previous per centroid, the name of the previous segment it continues, or {@code null} for a new one.
     * @return one unique name per centroid, in centroid order.
     */
    public static List<String> name(double[][] centroids, Columns columns, Population population,
                                    List<String> previous) {
        int k = centroids.length;
        if (previous.size() != k) {
            throw new IllegalArgumentException(previous.size() + " previous names for " + k + " centroids");
        }
        double[][] at = new double[k][];
        double[][] cost = new double[k][PROTOTYPES.size()];
        for (int j = 0; j < k; j++) {
            at[j] = position(centroids[j], columns, population);
            for (int p = 0; p < PROTOTYPES.size(); p++) {
                boolean kept = PROTOTYPES.get(p).name().equals(previous.get(j));
                cost[j][p] = squaredDistance(at[j], PROTOTYPES.get(p)) - (kept ? KEEP_BONUS : 0);
            }
        }
        int[] assigned = Hungarian.solve(cost);
        String[] names = new String[k];
        Integer[] order = new Integer[k];
        for (int j = 0; j < k; j++) {
            order[j] = j;
        }
        // More segments than names: the rest share their nearest name, numbered from the highest r + fm.
        Arrays.sort(order, Comparator.<Integer>comparingDouble(j -> -(at[j][0] + at[j][1])).thenComparingInt(j -> j));
        Map<String, Integer> seen = new HashMap<>();
        for (int j = 0; j < k; j++) {
            if (assigned[j] >= 0) {
                names[j] = PROTOTYPES.get(assigned[j]).name();
                seen.put(names[j], 1);
            }
        }
        for (int j : order) {
            if (assigned[j] < 0) {
                String base = nearest(at[j]).name();
                names[j] = base + " " + seen.merge(base, 1, Integer::sum);
            }
        }
        return new ArrayList<>(Arrays.asList(names));
    }

    /**
     * Where a profile sits in rank space.
     *
     * @param profile one centroid in original units.
     * @param columns where recency, frequency and monetary are.
     * @param population the reference distribution.
     * @return {@code {r, fm}}: the reversed recency rank and the mean frequency and monetary rank, each in [0, 1].
     */
    public static double[] position(double[] profile, Columns columns, Population population) {
        double r = 1 - rank(population.recency(), profile[columns.recency()]);
        double fm = (rank(population.frequency(), profile[columns.frequency()])
                + rank(population.monetary(), profile[columns.monetary()])) / 2;
        return new double[] {r, fm};
    }

    private static Prototype nearest(double[] at) {
        Prototype best = PROTOTYPES.getFirst();
        for (Prototype p : PROTOTYPES) {
            if (squaredDistance(at, p) < squaredDistance(at, best)) {
                best = p;
            }
        }
        return best;
    }

    private static double squaredDistance(double[] at, Prototype p) {
        double dr = at[0] - p.r();
        double dfm = at[1] - p.fm();
        return dr * dr + dfm * dfm;
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
