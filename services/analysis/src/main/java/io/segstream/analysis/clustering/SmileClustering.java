package io.segstream.analysis.clustering;

import java.util.Arrays;
import smile.clustering.Clustering;
import smile.clustering.DBSCAN;
import smile.clustering.HierarchicalClustering;
import smile.clustering.linkage.WardLinkage;
import io.segstream.core.clustering.KMeans;
import smile.stat.distribution.MultivariateExponentialFamilyMixture;
import smile.stat.distribution.MultivariateGaussianDistribution;
import smile.stat.distribution.MultivariateMixture;
import smile.tensor.DenseMatrix;

/**
 * Batch-analysis clusterings delegated to Smile 6.3.0, with sklearn's conventions at the
 * boundary: labels 0..k-1 and -1 for noise, and DBSCAN's {@code minSamples} counting the point
 * itself.
 *
 * <p>HDBSCAN is deliberately not offered: {@code smile.clustering.HDBSCAN} 6.3.0 selects clusters
 * on the uncondensed single-linkage tree, scoring a node by {@code size × (λ_node − λ_parent)}
 * and letting the root compete with {@code λ_parent = 0}. Points peeling off one at a time make
 * every real cluster's score tiny while the root's is {@code n × λ_root}, so on Online Retail
 * {@code HDBSCAN.fit(x, 10, 10)} returns a single cluster. sklearn/hdbscan condense the tree at
 * {@code min_cluster_size}, accumulate {@code λ_p − λ_birth} per point and exclude the root.
 */
public final class SmileClustering {
    private SmileClustering() {
    }

    /**
     * A flat partition.
     *
     * @param labels a label per row, 0..k-1, or -1 for noise.
     * @param k the number of clusters, noise excluded.
     * @param noise the number of rows labelled -1.
     */
    public record Partition(int[] labels, int k, int noise) {
        /** Copies the labels. */
        public Partition {
            labels = labels.clone();
        }

        @Override
        public int[] labels() {
            return labels.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Partition p && k == p.k && noise == p.noise && Arrays.equals(labels, p.labels);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(labels);
        }

        @Override
        public String toString() {
            return "Partition[k=" + k + ", noise=" + noise + "]";
        }

        static Partition of(int[] smileLabels) {
            int[] l = new int[smileLabels.length];
            int k = 0;
            int noise = 0;
            for (int i = 0; i < l.length; i++) {
                l[i] = smileLabels[i] == Clustering.OUTLIER ? -1 : smileLabels[i];
                if (l[i] < 0) {
                    noise++;
                } else {
                    k = Math.max(k, l[i] + 1);
                }
            }
            return new Partition(l, k, noise);
        }
    }

    /**
     * Agglomerative clustering with Ward linkage cut at {@code k} clusters, as sklearn's
     * {@code AgglomerativeClustering(linkage='ward')}. Memory is O(n²) floats (n = 4,322 needs
     * 37 MB); keep it for the batch analysis.
     *
     * @param x the scaled rows.
     * @param k the number of clusters.
     * @return the partition.
     */
    public static Partition ward(double[][] x, int k) {
        if (k < 1 || k > x.length) {
            throw new IllegalArgumentException("Invalid k: " + k + " for " + x.length + " rows");
        }
        return Partition.of(HierarchicalClustering.fit(WardLinkage.of(x)).partition(k));
    }

    /**
     * DBSCAN with sklearn's parameters. Smile's {@code minPts} counts the neighbours within the
     * radius excluding the point itself, sklearn's {@code min_samples} includes it, so Smile gets
     * {@code minSamples - 1} (sklearn {@code min_samples=10} is Smile {@code minPts=9}; the test
     * checks cluster and noise counts against sklearn on Online Retail).
     *
     * @param x the scaled rows.
     * @param eps the neighbourhood radius.
     * @param minSamples sklearn's {@code min_samples}, at least 2.
     * @return the partition, noise labelled -1.
     */
    public static Partition dbscan(double[][] x, double eps, int minSamples) {
        if (minSamples < 2) {
            throw new IllegalArgumentException("Invalid minSamples: " + minSamples);
        }
        return Partition.of(DBSCAN.fit(x, minSamples - 1, eps).group());
    }

    /**
     * A fitted Gaussian mixture and its hard labels.
     *
     * @param partition each row's most probable component.
     * @param bic the Bayesian information criterion as Smile reports it (higher is better).
     * @param mixture the Smile mixture, for posteriors.
     */
    public record Mixture(Partition partition, double bic, MultivariateMixture mixture) {
    }

    /**
     * Gaussian mixture with full covariances by EM in Smile (native BLAS/LAPACK, e.g.
     * libopenblas, and {@code --enable-native-access=ALL-UNNAMED}).
     *
     * <p>EM starts from seeded k-means clusters (means, covariances plus 1e-6 on the diagonal,
     * weights), as sklearn's {@code init_params='kmeans'}: Smile's own
     * {@code MultivariateGaussianMixture.fit(k, x)} seeds from the unseeded global generator with
     * the global covariance and, on three well separated blobs, merged two of them.
     *
     * @param x the scaled rows.
     * @param k the number of components.
     * @param seed the k-means seed.
     * @return the mixture.
     */
    public static Mixture gaussianMixture(double[][] x, int k, long seed) {
        KMeans init = KMeans.fit(x, KMeans.Options.of(k).withNInit(1).withSeed(seed));
        int d = x[0].length;
        int[] labels = init.labels();
        double[][] centroids = init.centroids();
        MultivariateMixture.Component[] components = new MultivariateMixture.Component[k];
        for (int j = 0; j < k; j++) {
            double[][] cov = new double[d][d];
            int size = 0;
            for (int i = 0; i < x.length; i++) {
                if (labels[i] != j) {
                    continue;
                }
                size++;
                for (int a = 0; a < d; a++) {
                    for (int b = 0; b < d; b++) {
                        cov[a][b] += (x[i][a] - centroids[j][a]) * (x[i][b] - centroids[j][b]);
                    }
                }
            }
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    cov[a][b] /= size;
                }
                cov[a][a] += 1e-6;
            }
            components[j] = new MultivariateMixture.Component((double) size / x.length,
                    new MultivariateGaussianDistribution(centroids[j], DenseMatrix.of(cov)));
        }
        MultivariateExponentialFamilyMixture m = MultivariateExponentialFamilyMixture.fit(x, components);
        int[] hard = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            hard[i] = m.map(x[i]);
        }
        return new Mixture(Partition.of(hard), m.bic, m);
    }
}
