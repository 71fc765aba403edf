package io.segstream.analysis.clustering;

import java.util.Arrays;
import smile.clustering.Clustering;
import smile.clustering.DBSCAN;
import smile.clustering.HierarchicalClustering;
import smile.clustering.linkage.WardLinkage;

/**
 * Batch-analysis clusterings delegated to Smile 6.3.0, with sklearn's conventions at the
 * boundary: labels 0..k-1 and -1 for noise, and DBSCAN's {@code minSamples} counting the point
 * itself. The Gaussian mixture is not Smile's: see {@link GaussianMixture} for why.
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
}
