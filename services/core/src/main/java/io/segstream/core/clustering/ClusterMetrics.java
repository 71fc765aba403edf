package io.segstream.core.clustering;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
        return silhouettes(x, List.of(labels), options)[0];
    }

    /**
     * Mean silhouette coefficients of several labellings of the same rows (e.g. one per k of a sweep) in one pass:
     * each pairwise distance is computed once and added to every labelling's cluster sums, instead of once per
     * labelling. Above {@code exactLimit} rows, every labelling is scored on the same uniform sample.
     *
     * @param x the rows.
     * @param labellings a label per row, per labelling.
     * @param options exact limit and sample seed.
     * @return the score of each labelling, in order.
     */
    public static double[] silhouettes(RowMatrix x, List<int[]> labellings, SilhouetteOptions options) {
        int n = x.rows();
        if (n <= options.exactLimit()) {
            return silhouetteExact(x, labellings.stream().map(l -> encode(x, l)).toList());
        }
        int[] sample = sample(n, options.exactLimit(), options.seed());
        RowMatrix sub = x.rows(sample);
        List<Encoded> encoded = new ArrayList<>(labellings.size());
        for (int[] labels : labellings) {
            encode(x, labels);
            int[] sampled = new int[sample.length];
            for (int r = 0; r < sample.length; r++) {
                sampled[r] = labels[sample[r]];
            }
            encoded.add(encode(sub, sampled));
        }
        return silhouetteExact(sub, encoded);
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
     * Per-row sums of distances to every cluster of every labelling, in row blocks over the common pool; no n×n
     * matrix, each distance computed once for all labellings, and the block results combined in row order.
     */
    private static double[] silhouetteExact(RowMatrix x, List<Encoded> labellings) {
        int n = x.rows();
        int d = x.cols();
        int count = labellings.size();
        double[] a = x.values();
        // Row-major codes (row m's code in every labelling side by side) and each labelling's offset into the
        // per-row sums, so the inner loop walks memory in order.
        int[] codes = new int[n * count];
        int[] offsets = new int[count + 1];
        for (int t = 0; t < count; t++) {
            Encoded e = labellings.get(t);
            offsets[t + 1] = offsets[t] + e.k;
            for (int m = 0; m < n; m++) {
                codes[m * count + t] = offsets[t] + e.codes[m];
            }
        }
        int width = offsets[count];
        double[][] s = new double[count][n];
        int blocks = (n + BLOCK - 1) / BLOCK;
        IntStream.range(0, blocks).parallel().forEach(b -> {
            double[] sums = new double[width];
            int end = Math.min(n, (b + 1) * BLOCK);
            for (int i = b * BLOCK; i < end; i++) {
                Arrays.fill(sums, 0);
                int io = i * d;
                for (int m = 0; m < n; m++) {
                    double dist = Math.sqrt(KMeansPlusPlus.dist2(a, io, a, m * d, d));
                    int c = m * count;
                    for (int t = 0; t < count; t++) {
                        sums[codes[c + t]] += dist;
                    }
                }
                for (int t = 0; t < count; t++) {
                    s[t][i] = coefficient(labellings.get(t), i, sums, offsets[t]);
                }
            }
        });
        double[] means = new double[count];
        for (int t = 0; t < count; t++) {
            double total = 0;
            for (double v : s[t]) {
                total += v;
            }
            means[t] = total / n;
        }
        return means;
    }

    /** Row i's silhouette from its sums of distances to each cluster, found at {@code sums[offset + cluster]}. */
    private static double coefficient(Encoded e, int i, double[] sums, int offset) {
        int own = e.codes[i];
        if (e.sizes[own] == 1) {
            return 0;
        }
        double intra = sums[offset + own] / (e.sizes[own] - 1);
        double inter = Double.POSITIVE_INFINITY;
        for (int j = 0; j < e.k; j++) {
            if (j != own) {
                inter = Math.min(inter, sums[offset + j] / e.sizes[j]);
            }
        }
        double denom = Math.max(intra, inter);
        return denom == 0 ? 0 : (inter - intra) / denom;
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
