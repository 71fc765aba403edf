package io.segstream.analysis;

import io.segstream.core.clustering.ClusterMetrics;
import io.segstream.core.clustering.FeatureTransform;
import io.segstream.core.clustering.KMeans;
import io.segstream.core.clustering.KSelection;
import io.segstream.core.clustering.RowMatrix;
import io.segstream.core.clustering.SegmentNamer;
import io.segstream.analysis.clustering.GaussianMixture;
import io.segstream.analysis.clustering.SmileClustering;
import io.segstream.analysis.clustering.SmileClustering.Partition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The batch segmentation of a {@link CustomerTable}: the transform of the stream's models, a k-means sweep over
 * k = 2..10 (and the chosen range) with k by silhouette within the chosen range, Ward cut at the same k, DBSCAN
 * with eps from the knee of the k-distance curve, a Gaussian mixture with k by BIC, a comparison of the four, profiles of the k-means segments and a 2-D PCA projection.
 */
public final class Segmentation {

    /** The k-means silhouette curve always covers 2..10, whatever range k is chosen in. */
    public static final int CURVE_MIN_K = 2;
    /** Largest k of the curve. */
    public static final int CURVE_MAX_K = 10;

    private Segmentation() {
    }

    /**
     * @param minK smallest k the k-means choice is made from, and of the mixture sweep
     * @param maxK largest k the k-means choice is made from
     * @param nInit k-means restarts per k
     * @param seed seed of k-means, the mixtures' initialisation and the dendrogram sample
     * @param dbscanMinSamples sklearn's {@code min_samples} (the point itself included)
     * @param mixtureMaxK largest k of the mixture sweep
     * @param dendrogramSample rows drawn for the dendrogram
     */
    public record Options(int minK, int maxK, int nInit, long seed, int dbscanMinSamples, int mixtureMaxK,
                          int dendrogramSample) {
        /** Validates the ranges. */
        public Options {
            if (minK < 2 || maxK < minK || mixtureMaxK < minK || nInit < 1 || dbscanMinSamples < 2
                    || dendrogramSample < 2) {
                throw new IllegalArgumentException("invalid segmentation options " + minK + ".." + maxK);
            }
        }

        /**
         * k chosen within 4..8 (the named groups a marketer acts on; the curve still covers 2..10) with 10 restarts
         * (the reference's), DBSCAN min_samples 10, mixtures up to 8, 150 leaves.
         */
        public static Options defaults() {
            return new Options(4, 8, 10, 0, 10, 8, 150);
        }

        /** @return the smallest k swept: the curve's and the range's. */
        public int sweepMinK() {
            return Math.min(CURVE_MIN_K, minK);
        }

        /** @return the largest k swept: the curve's and the range's. */
        public int sweepMaxK() {
            return Math.max(CURVE_MAX_K, maxK);
        }
    }

    /**
     * One algorithm's partition, scored alike.
     *
     * @param name algorithm
     * @param parameters how it was run
     * @param clusters clusters, noise excluded
     * @param sizes customers per cluster
     * @param noise customers labelled noise
     * @param silhouette over the non-noise customers; NaN with fewer than two clusters
     * @param millis fit time
     */
    public record Algorithm(String name, String parameters, int clusters, int[] sizes, int noise, double silhouette,
                            long millis) {
        /** Share of customers labelled noise. */
        public double noiseShare() {
            int n = noise;
            for (int s : sizes) {
                n += s;
            }
            return n == 0 ? 0 : (double) noise / n;
        }
    }

    /**
     * A k-means segment in original units.
     *
     * @param id the cluster index
     * @param name the {@link SegmentNamer} name
     * @param size customers
     * @param means mean of each clustered column, original units
     * @param extraMeans mean of each profile-only column
     * @param standardized mean of each column after the transform (the snake plot)
     */
    public record Segment(int id, String name, int size, double[] means, double[] extraMeans, double[] standardized) {
    }

    /**
     * @param kDistances distance of every (sampled) row to its {@code minSamples - 1}-th nearest other row, sorted
     * @param eps the knee of that curve, used as DBSCAN's radius
     * @param minSamples sklearn's {@code min_samples}
     * @param partition the DBSCAN labels
     */
    public record Dbscan(double[] kDistances, double eps, int minSamples, Partition partition) {
    }

    /**
     * The Gaussian-mixture sweep ({@link GaussianMixture}, full covariances with a ridge). Every k tried is listed;
     * a k whose fit failed keeps its place with NaN as BIC and the reason, so the report can show it.
     *
     * @param ks the k tried
     * @param bic the BIC per k, {@code -2 logL + p ln n} (lower is better), NaN where the fit failed
     * @param failures why the fit failed, per k, empty where it did not
     * @param bestK the k with the lowest BIC, 0 when every k failed
     * @param partition the most probable component of each row at {@code bestK}, null when every k failed
     * @param millis fit time at {@code bestK}
     */
    public record MixtureSweep(int[] ks, double[] bic, List<String> failures, int bestK, Partition partition,
                               long millis) {

        /**
         * Fits a mixture for every k in {@code minK..maxK}; a k that fails is recorded with its reason, never
         * dropped.
         *
         * @param x the scaled rows
         * @param minK the smallest k
         * @param maxK the largest k
         * @param seed the seed of the fits' k-means starts
         * @return the sweep
         */
        public static MixtureSweep fit(double[][] x, int minK, int maxK, long seed) {
            int m = maxK - minK + 1;
            int[] ks = new int[m];
            double[] bic = new double[m];
            List<String> failures = new ArrayList<>();
            Partition best = null;
            int bestK = 0;
            long bestMillis = 0;
            double bestBic = Double.POSITIVE_INFINITY;
            for (int i = 0; i < m; i++) {
                ks[i] = minK + i;
                long t0 = System.nanoTime();
                try {
                    GaussianMixture fit = GaussianMixture.fit(x, GaussianMixture.Options.of(ks[i]).withSeed(seed));
                    bic[i] = fit.bic();
                    failures.add("");
                    if (bic[i] < bestBic) {
                        bestBic = bic[i];
                        best = new Partition(fit.labels(x), ks[i], 0);
                        bestK = ks[i];
                        bestMillis = Segmentation.millis(t0);
                    }
                } catch (RuntimeException e) {
                    bic[i] = Double.NaN;
                    failures.add(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
                }
            }
            return new MixtureSweep(ks, bic, List.copyOf(failures), bestK, best, bestMillis);
        }
    }

    /**
     * How the k-means k was chosen.
     *
     * @param minK smallest k of the range the choice is made in
     * @param maxK largest k of that range
     * @param chosen the k with the highest silhouette within the range, the segments' k
     * @param silhouetteBest the k with the highest silhouette over {@link #CURVE_MIN_K}..{@link #CURVE_MAX_K}, the
     *                       pure index choice, whatever the range
     */
    public record KChoice(int minK, int maxK, int chosen, int silhouetteBest) {
    }

    /**
     * Everything the report shows about the clustering.
     *
     * @param table the input
     * @param transform the fitted transform
     * @param scaled the transformed rows
     * @param kSelection the k-means sweep, over {@link Options#sweepMinK()}..{@link Options#sweepMaxK()}
     * @param kChoice the chosen k and the pure silhouette one
     * @param labels k-means labels at the chosen k
     * @param segments the k-means segments, by id
     * @param ward Ward at the chosen k
     * @param dendrogram Ward on a sample
     * @param dbscan DBSCAN and its k-distance curve
     * @param mixture the mixture sweep
     * @param algorithms the comparison
     * @param pca 2-D projection of every row
     * @param pcaExplained variance share of the two components
     */
    public record Result(CustomerTable table, FeatureTransform transform, double[][] scaled, KSelection kSelection,
                         KChoice kChoice, int[] labels, List<Segment> segments, Partition ward,
                         Dendrogram dendrogram, Dbscan dbscan, MixtureSweep mixture, List<Algorithm> algorithms, double[][] pca, double[] pcaExplained) {

        /** The k chosen by silhouette within the range. */
        public int chosenK() {
            return kChoice.chosen();
        }
    }

    /**
     * Runs every step.
     *
     * @param table the customers, more than {@code options.maxK()}
     * @param options the options
     * @param progress receives one line per long step
     */
    public static Result run(CustomerTable table, Options options, Consumer<String> progress) {
        if (table.size() <= Math.max(options.sweepMaxK(), options.dbscanMinSamples())) {
            throw new IllegalArgumentException("only " + table.size() + " customers; the analysis needs more than "
                    + Math.max(options.sweepMaxK(), options.dbscanMinSamples()));
        }
        FeatureTransform transform = FeatureTransform.fit(table.values(),
                new FeatureTransform.Options(table.log1p(), FeatureTransform.Scaling.STANDARD));
        RowMatrix x = transform.apply(table.values());
        double[][] scaled = x.toArray();
        ClusterMetrics.SilhouetteOptions sil = ClusterMetrics.SilhouetteOptions.defaults();

        progress.accept(String.format(Locale.ROOT, "k-means: k=%d..%d, %d restarts each, on %,d customers; k chosen"
                + " within %d..%d", options.sweepMinK(), options.sweepMaxK(), options.nInit(), table.size(),
                options.minK(), options.maxK()));
        long t0 = System.nanoTime();
        KSelection sweep = KSelection.fit(x, new KSelection.Options(options.sweepMinK(), options.sweepMaxK(),
                KMeans.Options.of(options.sweepMinK()).withNInit(options.nInit()).withSeed(options.seed()), sil));
        long sweepMillis = millis(t0);
        KChoice choice = new KChoice(options.minK(), options.maxK(), sweep.bestWithin(options.minK(), options.maxK()),
                sweep.bestWithin(CURVE_MIN_K, CURVE_MAX_K));
        int k = choice.chosen();
        KMeans model = sweep.entry(k).model();
        int[] labels = model.labels();
        List<Algorithm> algorithms = new ArrayList<>();
        algorithms.add(new Algorithm("k-means", "k=" + k + " (best silhouette in " + options.minK() + ".."
                + options.maxK() + "), n_init=" + options.nInit(), k, sizes(labels, k), 0,
                sweep.entry(k).scores().silhouette(), sweepMillis / sweep.entries().size()));

        progress.accept("Ward: hierarchical clustering of " + table.size() + " customers, cut at k=" + k);
        t0 = System.nanoTime();
        Partition ward = SmileClustering.ward(scaled, k);
        algorithms.add(scored("Ward", "linkage=ward, k=" + k, ward, x, sil, millis(t0)));
        Dendrogram dendrogram = Dendrogram.ward(sample(scaled, options.dendrogramSample(), options.seed()));

        progress.accept("DBSCAN: k-distance curve and eps from its knee");
        double[] kd = KDistance.sorted(scaled, options.dbscanMinSamples() - 1, 20_000, options.seed());
        double eps = KDistance.knee(kd);
        t0 = System.nanoTime();
        Partition db = SmileClustering.dbscan(scaled, eps, options.dbscanMinSamples());
        algorithms.add(scored("DBSCAN", String.format(Locale.ROOT, "eps=%.3f (knee), min_samples=%d", eps,
                options.dbscanMinSamples()), db, x, sil, millis(t0)));
        Dbscan dbscan = new Dbscan(kd, eps, options.dbscanMinSamples(), db);

        progress.accept(String.format(Locale.ROOT, "Gaussian mixture: k=%d..%d by BIC", options.minK(),
                options.mixtureMaxK()));
        MixtureSweep mixture = MixtureSweep.fit(scaled, options.minK(), options.mixtureMaxK(), options.seed());
        algorithms.add(mixture.partition() == null
                ? new Algorithm("Gaussian mixture", "EM failed for every k", 0, new int[0], 0, Double.NaN, 0)
                : scored("Gaussian mixture", "full covariance + ridge, k=" + mixture.bestK() + " (lowest BIC)",
                        mixture.partition(), x, sil, mixture.millis()));

        List<Segment> segments = profile(table, transform, scaled, model, labels);
        Pca pca = Pca.fit(scaled, 2);
        return new Result(table, transform, scaled, sweep, choice, labels, segments, ward, dendrogram, dbscan, mixture,
                List.copyOf(algorithms), pca.project(scaled), pca.explained());
    }

    private static Algorithm scored(String name, String parameters, Partition p, RowMatrix x,
                                    ClusterMetrics.SilhouetteOptions sil, long millis) {
        int[] labels = p.labels();
        double silhouette = Double.NaN;
        if (p.k() >= 2) {
            int kept = labels.length - p.noise();
            int[] rows = new int[kept];
            int[] l = new int[kept];
            for (int i = 0, r = 0; i < labels.length; i++) {
                if (labels[i] >= 0) {
                    rows[r] = i;
                    l[r++] = labels[i];
                }
            }
            silhouette = kept > p.k() ? ClusterMetrics.silhouette(x.rows(rows), l, sil) : Double.NaN;
        }
        return new Algorithm(name, parameters, p.k(), sizes(labels, p.k()), p.noise(), silhouette, millis);
    }

    static int[] sizes(int[] labels, int k) {
        int[] sizes = new int[k];
        for (int l : labels) {
            if (l >= 0) {
                sizes[l]++;
            }
        }
        return sizes;
    }

    private static double[][] sample(double[][] x, int m, long seed) {
        if (x.length <= m) {
            return x;
        }
        int[] index = new int[x.length];
        Arrays.setAll(index, i -> i);
        Random random = new Random(seed);
        double[][] out = new double[m][];
        for (int i = 0; i < m; i++) {
            int j = i + random.nextInt(x.length - i);
            int t = index[i];
            index[i] = index[j];
            index[j] = t;
            out[i] = x[index[i]];
        }
        return out;
    }

    private static List<Segment> profile(CustomerTable table, FeatureTransform transform, double[][] scaled,
                                         KMeans model, int[] labels) {
        int k = model.k();
        int d = table.columns().size();
        int e = table.extraColumns().size();
        double[][] centroids = model.centroids();
        double[][] original = new double[k][];
        for (int c = 0; c < k; c++) {
            original[c] = transform.invert(centroids[c], new double[d]);
        }
        List<String> names = SegmentNamer.name(original, table.rfm(),
                SegmentNamer.Population.of(table.values(), table.rfm()));
        int[] sizes = sizes(labels, k);
        List<Segment> segments = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            double[] means = new double[d];
            double[] extra = new double[e];
            double[] standardized = new double[d];
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] != c) {
                    continue;
                }
                for (int j = 0; j < d; j++) {
                    means[j] += table.values()[i][j] / sizes[c];
                    standardized[j] += scaled[i][j] / sizes[c];
                }
                for (int j = 0; j < e; j++) {
                    extra[j] += table.extraValues()[i][j] / sizes[c];
                }
            }
            segments.add(new Segment(c, names.get(c), sizes[c], means, extra, standardized));
        }
        return List.copyOf(segments);
    }

    private static long millis(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
