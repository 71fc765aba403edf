package io.segstream.analysis.clustering;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.segstream.analysis.clustering.SmileClustering;
import io.segstream.core.clustering.ClusterMetrics;
import io.segstream.core.clustering.RowMatrix;
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
}
