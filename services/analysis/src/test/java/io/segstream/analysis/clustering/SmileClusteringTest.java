package io.segstream.analysis.clustering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segstream.analysis.clustering.SmileClustering;
import io.segstream.core.clustering.ClusterMetrics;
import io.segstream.core.clustering.RowMatrix;
import io.segstream.testing.Blobs;
import io.segstream.testing.SklearnFixture;
import org.junit.jupiter.api.Test;

class SmileClusteringTest {

    @Test
    void givenSklearnFixture_whenDbscanEps05MinSamples10_thenSklearnClusterAndNoiseCounts() {
        SklearnFixture f = SklearnFixture.load();

        SmileClustering.Partition p = SmileClustering.dbscan(f.scaled, 0.5, 10);

        assertEquals(f.values.get("dbscan_clusters").intValue(), p.k());
        assertEquals(f.values.get("dbscan_noise").intValue(), p.noise());
    }

    @Test
    void givenSklearnFixture_whenWardCutAtFour_thenSilhouetteCloseToSklearns() {
        SklearnFixture f = SklearnFixture.load();
        RowMatrix x = RowMatrix.of(f.scaled);
        var opts = ClusterMetrics.SilhouetteOptions.defaults();

        SmileClustering.Partition p = SmileClustering.ward(f.scaled, 4);

        assertEquals(4, p.k());
        assertEquals(ClusterMetrics.silhouette(x, f.labels.get("ward_k4"), opts),
                ClusterMetrics.silhouette(x, p.labels(), opts), 0.01);
    }

    @Test
    void givenSeparatedBlobs_whenGaussianMixture_thenOneComponentPerBlob() {
        double[][] x = Blobs.of(600, 2, 3, 5);

        SmileClustering.Mixture m = SmileClustering.gaussianMixture(x, 3, 0);

        assertEquals(3, m.partition().k());
        int[] l = m.partition().labels();
        for (int i = 3; i < x.length; i++) {
            assertEquals(l[i % 3], l[i]);
        }
        assertTrue(Double.isFinite(m.bic()));
    }
}
