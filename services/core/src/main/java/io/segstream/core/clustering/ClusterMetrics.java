package io.segstream.core.clustering;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Internal validity indices with the definitions of {@code sklearn.metrics}: silhouette,
 * Calinski-Harabasz and Davies-Bouldin, all on Euclidean distance.
 *
 * <p>Labels may be any integers (e.g. -1 for noise counts as one more cluster, as in sklearn);
 * there must be between 2 and n-1 distinct labels.
 */
public final class ClusterMetrics {
    /** Rows per parallel silhouette block: fixed, so the sum is the same on any thread count. */
    private static final int BLOCK = 256;

    private ClusterMetrics() {
    }

    /**
     * Silhouette options.
     *
     * @param exactLimit up to this many rows the exact O(n²) score; above it, the exact score of
     *                   a uniform sample of this many rows without replacement.
     * @param seed the sample's seed.
     */
    public record SilhouetteOptions(int exactLimit, long seed) {
        /** Validates the limit. */
        public SilhouetteOptions {
            if (exactLimit < 3) {
                throw new IllegalArgumentException("Invalid exactLimit: " + exactLimit);
            }
        }

        /** @return exact up to 10,000 rows, seed 0. */
        public static SilhouetteOptions defaults() {
            return new SilhouetteOptions(10_000, 0);
        }
    }

    /**
     * The three indices of one labelling.
     *
     * @param silhouette mean silhouette coefficient, in [-1, 1], higher is better.
     * @param calinskiHarabasz between- over within-cluster dispersion, higher is better.
     * @param daviesBouldin mean worst similarity ratio, at least 0, lower is better.
     */
    public record Scores(double silhouette, double calinskiHarabasz, double daviesBouldin) {
    }

    /**
     * Computes all three indices.
     *
     * @param x the rows.
     * @param labels a label per row.
     * @param options the silhouette options.
     * @return the scores.
     */
    public static Scores evaluate(RowMatrix x, int[] labels, SilhouetteOptions options) {
        return new Scores(silhouette(x, labels, options), calinskiHarabasz(x, labels), daviesBouldin(x, labels));
    }

    /**
     * Mean silhouette coefficient; a row alone in its cluster scores 0, as in sklearn.
     *
     * @param x the rows.
     * @param labels a label per row.
     * @param options exact limit and sample seed.
     * @return the score.
     */
    public static double silhouette(RowMatrix x, int[] labels, SilhouetteOptions options) {
        int n = x.rows();
        if (n <= options.exactLimit()) {
            return silhouetteExact(x, encode(x, labels));
        }
        int[] sample = sample(n, options.exactLimit(), options.seed());
        encode(x, labels);
        int[] sampled = new int[sample.length];
        for (int r = 0; r < sample.length; r++) {
            sampled[r] = labels[sample[r]];
        }
        RowMatrix sub = x.rows(sample);
        return silhouetteExact(sub, encode(sub, sampled));
    }

    /**
     * Calinski-Harabasz index: {@code B(n-k) / (W(k-1))}; 1 when W is 0, as in sklearn.
     *
     * @param x the rows.
     * @param labels a label per row.
     * @return the index.
     */
    public static double calinskiHarabasz(RowMatrix x, int[] labels) {
        Encoded e = encode(x, labels);
        int n = x.rows();
        int d = x.cols();
        double[] a = x.values();
        double[] centroids = centroids(x, e);
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < d; t++) {
                mean[t] += a[i * d + t];
            }
        }
        for (int t = 0; t < d; t++) {
            mean[t] /= n;
        }
        double between = 0;
        for (int j = 0; j < e.k; j++) {
            between += e.sizes[j] * KMeansPlusPlus.dist2(centroids, j * d, mean, 0, d);
        }
        double within = 0;
        for (int i = 0; i < n; i++) {
            within += KMeansPlusPlus.dist2(a, i * d, centroids, e.codes[i] * d, d);
        }
        return within == 0 ? 1.0 : between * (n - e.k) / (within * (e.k - 1.0));
    }

    /**
     * Davies-Bouldin index: mean over clusters of the worst {@code (s_i + s_j) / d(c_i, c_j)},
     * where {@code s} is the mean distance to the centroid; coinciding centroids are skipped and
     * 0 is returned when all spreads or all centroid distances are 0, as in sklearn.
     *
     * @param x the rows.
     * @param labels a label per row.
     * @return the index.
     */
    public static double daviesBouldin(RowMatrix x, int[] labels) {
        Encoded e = encode(x, labels);
        int d = x.cols();
        double[] a = x.values();
        double[] centroids = centroids(x, e);
        double[] spread = new double[e.k];
        for (int i = 0; i < x.rows(); i++) {
            spread[e.codes[i]] += Math.sqrt(KMeansPlusPlus.dist2(a, i * d, centroids, e.codes[i] * d, d));
        }
        boolean allTight = true;
        for (int j = 0; j < e.k; j++) {
            spread[j] /= e.sizes[j];
            allTight &= Math.abs(spread[j]) < 1e-15;
        }
        double[][] gap = new double[e.k][e.k];
        boolean allTogether = true;
        for (int j = 0; j < e.k; j++) {
            for (int m = 0; m < e.k; m++) {
                gap[j][m] = Math.sqrt(KMeansPlusPlus.dist2(centroids, j * d, centroids, m * d, d));
                allTogether &= Math.abs(gap[j][m]) < 1e-15;
            }
        }
        if (allTight || allTogether) {
            return 0;
        }
        double total = 0;
        for (int j = 0; j < e.k; j++) {
            double worst = 0;
            for (int m = 0; m < e.k; m++) {
                if (gap[j][m] != 0) {
                    worst = Math.max(worst, (spread[j] + spread[m]) / gap[j][m]);
                }
            }
            total += worst;
        }
        return total / e.k;
    }

    /**
     * Per-row sums of distances to every cluster, in row blocks over the common pool; no n×n
     * matrix, and the block results are combined in row order.
     */
    private static double silhouetteExact(RowMatrix x, Encoded e) {
        int n = x.rows();
        int d = x.cols();
        int k = e.k;
        double[] a = x.values();
        double[] s = new double[n];
        int blocks = (n + BLOCK - 1) / BLOCK;
        IntStream.range(0, blocks).parallel().forEach(b -> {
            double[] sums = new double[k];
            int end = Math.min(n, (b + 1) * BLOCK);
            for (int i = b * BLOCK; i < end; i++) {
                Arrays.fill(sums, 0);
                int io = i * d;
                for (int m = 0; m < n; m++) {
                    sums[e.codes[m]] += Math.sqrt(KMeansPlusPlus.dist2(a, io, a, m * d, d));
                }
                int own = e.codes[i];
                if (e.sizes[own] == 1) {
                    s[i] = 0;
                    continue;
                }
                double intra = sums[own] / (e.sizes[own] - 1);
                double inter = Double.POSITIVE_INFINITY;
                for (int j = 0; j < k; j++) {
                    if (j != own) {
                        inter = Math.min(inter, sums[j] / e.sizes[j]);
                    }
                }
                double denom = Math.max(intra, inter);
                s[i] = denom == 0 ? 0 : (inter - intra) / denom;
            }
        });
        double total = 0;
        for (double v : s) {
            total += v;
        }
        return total / n;
    }

    private static int[] sample(int n, int size, long seed) {
        // Partial Fisher-Yates: a uniform subset without replacement, sorted to keep row order.
        SplittableRandom rng = new SplittableRandom(seed);
        int[] idx = IntStream.range(0, n).toArray();
        for (int r = 0; r < size; r++) {
            int j = r + rng.nextInt(n - r);
            int t = idx[r];
            idx[r] = idx[j];
            idx[j] = t;
        }
        int[] out = Arrays.copyOf(idx, size);
        Arrays.sort(out);
        return out;
    }

    private static double[] centroids(RowMatrix x, Encoded e) {
        int d = x.cols();
        double[] a = x.values();
        double[] c = new double[e.k * d];
        for (int i = 0; i < x.rows(); i++) {
            for (int t = 0; t < d; t++) {
                c[e.codes[i] * d + t] += a[i * d + t];
            }
        }
        for (int j = 0; j < e.k; j++) {
            for (int t = 0; t < d; t++) {
                c[j * d + t] /= e.sizes[j];
            }
        }
        return c;
    }

    /** Labels mapped to 0..k-1 in sorted label order, as sklearn's LabelEncoder. */
    private record Encoded(int[] codes, int[] sizes, int k) {
    }

    private static Encoded encode(RowMatrix x, int[] labels) {
        int n = x.rows();
        if (labels.length != n) {
            throw new IllegalArgumentException(labels.length + " labels for " + n + " rows");
        }
        int[] distinct = Arrays.stream(labels).distinct().sorted().toArray();
        int k = distinct.length;
        if (k < 2 || k > n - 1) {
            throw new IllegalArgumentException("Number of labels is " + k + ". Valid values are 2 to n_samples - 1 = " + (n - 1));
        }
        int[] codes = new int[n];
        int[] sizes = new int[k];
        for (int i = 0; i < n; i++) {
            codes[i] = Arrays.binarySearch(distinct, labels[i]);
            sizes[codes[i]]++;
        }
        return new Encoded(codes, sizes, k);
    }
}
