package io.segstream.core.clustering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.IntStream;

import io.segstream.testing.SklearnFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClusterMetricsTest {

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5, 6, 7, 8, 9, 10})
    void givenSklearnLabels_whenScored_thenEqualSklearnWithin1e6(int k) {
        SklearnFixture f = SklearnFixture.load();
        RowMatrix x = RowMatrix.of(f.scaled);
        double[] expected = f.metrics.get(k);

        ClusterMetrics.Scores s = ClusterMetrics.evaluate(x, f.kmeansLabels(k), ClusterMetrics.SilhouetteOptions.defaults());

        assertEquals(expected[1], s.silhouette(), 1e-6, "silhouette");
        assertEquals(expected[2], s.calinskiHarabasz(), 1e-6 * expected[2], "Calinski-Harabasz");
        assertEquals(expected[3], s.daviesBouldin(), 1e-6, "Davies-Bouldin");
    }

    @Test
    void givenSklearnLabelsOfEveryK_whenScoredInOnePass_thenEachEqualsSklearnWithin1e6() {
        SklearnFixture f = SklearnFixture.load();
        RowMatrix x = RowMatrix.of(f.scaled);
        List<int[]> labellings = IntStream.rangeClosed(2, 10).mapToObj(f::kmeansLabels).toList();

        double[] all = ClusterMetrics.silhouettes(x, labellings, ClusterMetrics.SilhouetteOptions.defaults());

        for (int k = 2; k <= 10; k++) {
            assertEquals(f.metrics.get(k)[1], all[k - 2], 1e-6, "k=" + k);
        }
    }

    @Test
    void givenMoreRowsThanTheExactLimit_whenScoredInOnePass_thenEachEqualsItsOwnSampledScore() {
        SklearnFixture f = SklearnFixture.load();
        RowMatrix x = RowMatrix.of(f.scaled);
        var sampled = new ClusterMetrics.SilhouetteOptions(x.rows() / 3, 11);
        List<int[]> labellings = List.of(f.kmeansLabels(3), f.kmeansLabels(7));

        double[] both = ClusterMetrics.silhouettes(x, labellings, sampled);

        assertEquals(ClusterMetrics.silhouette(x, labellings.get(0), sampled), both[0], 1e-12);
        assertEquals(ClusterMetrics.silhouette(x, labellings.get(1), sampled), both[1], 1e-12);
        // The sample's score is close to, not equal to, the exact one.
        assertEquals(f.metrics.get(3)[1], both[0], 0.05);
    }

    @Test
    void givenSingletonCluster_whenSilhouette_thenItsRowScoresZero() {
        // sklearn: silhouette_score([[0],[1],[10]], [0,0,1]) == (0.9 + 0.888... + 0) / 3
        RowMatrix x = RowMatrix.of(new double[][] {{0}, {1}, {10}});

        double s = ClusterMetrics.silhouette(x, new int[] {0, 0, 1}, ClusterMetrics.SilhouetteOptions.defaults());

        assertEquals((0.9 + 8.0 / 9.0 + 0) / 3, s, 1e-12);
    }

    @Test
    void givenArbitraryLabelValues_whenScored_thenSameAsDenseLabels() {
        RowMatrix x = RowMatrix.of(new double[][] {{0, 0}, {0, 1}, {5, 5}, {5, 6}, {9, 0}});
        var opts = ClusterMetrics.SilhouetteOptions.defaults();

        assertEquals(ClusterMetrics.evaluate(x, new int[] {0, 0, 1, 1, 2}, opts),
                ClusterMetrics.evaluate(x, new int[] {-1, -1, 7, 7, 40}, opts));
    }

    @Test
    void givenMoreRowsThanLimit_whenSilhouette_thenSampledScoreCloseToExact() {
        SklearnFixture f = SklearnFixture.load();
        RowMatrix x = RowMatrix.of(f.scaled);

        double sampled = ClusterMetrics.silhouette(x, f.kmeansLabels(4), new ClusterMetrics.SilhouetteOptions(2_000, 1));

        assertEquals(f.metrics.get(4)[1], sampled, 0.02);
    }

    @Test
    void givenOneLabel_whenScored_thenRejected() {
        RowMatrix x = RowMatrix.of(new double[][] {{0}, {1}, {2}});
        assertThrows(IllegalArgumentException.class, () -> ClusterMetrics.calinskiHarabasz(x, new int[] {1, 1, 1}));
        assertThrows(IllegalArgumentException.class, () -> ClusterMetrics.daviesBouldin(x, new int[] {0, 1}));
    }

    @Test
    void givenIdenticalPoints_whenCalinskiHarabaszAndDaviesBouldin_thenSklearnEdgeValues() {
        RowMatrix x = RowMatrix.of(new double[][] {{1}, {1}, {3}, {3}});
        int[] labels = {0, 0, 1, 1};
        assertEquals(1.0, ClusterMetrics.calinskiHarabasz(x, labels));
        assertEquals(0.0, ClusterMetrics.daviesBouldin(x, labels));
    }
}
