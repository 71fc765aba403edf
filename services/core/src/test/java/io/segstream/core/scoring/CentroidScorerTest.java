package io.segstream.core.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.segstream.core.clustering.FeatureTransform;
import org.junit.jupiter.api.Test;

class CentroidScorerTest {

    @Test
    void givenLogAndScaleTransform_whenScored_thenNearestCentroidInTransformedSpace() {
        var transform = new FeatureTransform(new boolean[] {true, false}, new double[] {1.0, 10.0},
                new double[] {2.0, 5.0});
        var scorer = new CentroidScorer(transform, new double[][] {{0, 0}, {1, 1}, {-1, 2}});
        double[] raw = {Math.expm1(3.0), 15.0};

        CentroidScorer.Score score = scorer.score(raw);

        // transformed: ((3 - 1) / 2, (15 - 10) / 5) = (1, 1): exactly centroid 1; next nearest is (0,0) at sqrt(2)
        assertEquals(1, score.index());
        assertEquals(0.0, score.distance(), 1e-12);
        assertEquals(Math.sqrt(2), score.margin(), 1e-12);
    }

    @Test
    void givenNegativeRawValue_whenScored_thenClippedAtZeroBeforeLog() {
        var transform = new FeatureTransform(new boolean[] {true}, new double[] {0.0}, new double[] {1.0});
        var scorer = new CentroidScorer(transform, new double[][] {{0.0}, {2.0}});

        assertEquals(0, scorer.score(new double[] {-500.0}).index());
        assertEquals(1, scorer.score(new double[] {Math.expm1(1.9)}).index());
    }

    @Test
    void givenCentroidOfWrongDimension_whenBuilt_thenRefusedNamingIt() {
        var transform = new FeatureTransform(new boolean[] {true, true}, new double[2], new double[] {1, 1});

        var e = assertThrows(IllegalArgumentException.class,
                () -> new CentroidScorer(transform, new double[][] {{0, 0}, {1}}));

        assertEquals("Centroid 1 has 1 values, the transform 2", e.getMessage());
    }
}
