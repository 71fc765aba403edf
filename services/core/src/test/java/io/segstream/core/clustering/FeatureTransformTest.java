package io.segstream.core.clustering;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segstream.testing.SklearnFixture;
import org.junit.jupiter.api.Test;

class FeatureTransformTest {

    @Test
    void givenRawFixture_whenFitAndApplied_thenSklearnScaledMatrixWithin1e9() {
        SklearnFixture f = SklearnFixture.load();

        FeatureTransform t = FeatureTransform.fit(f.raw);
        RowMatrix z = t.apply(f.raw);

        for (int j = 0; j < SklearnFixture.FEATURES.length; j++) {
            assertEquals(f.values.get("mean_" + SklearnFixture.FEATURES[j]), t.center()[j], 1e-12);
            assertEquals(f.values.get("scale_" + SklearnFixture.FEATURES[j]), t.scale()[j], 1e-12);
        }
        double worst = 0;
        for (int i = 0; i < f.raw.length; i++) {
            for (int j = 0; j < f.raw[i].length; j++) {
                worst = Math.max(worst, Math.abs(z.get(i, j) - f.scaled[i][j]));
            }
        }
        assertTrue(worst <= 1e-9, "max abs difference " + worst);
    }

    @Test
    void givenRow_whenAppliedAndInverted_thenRoundTripsAndReusesBuffer() {
        FeatureTransform t = FeatureTransform.fit(new double[][] {{1, 10}, {3, 100}, {7, 1000}});
        double[] buf = new double[2];

        double[] z = t.apply(new double[] {3, 100}, buf);
        double[] back = t.invert(z, new double[2]);

        assertTrue(z == buf);
        assertArrayEquals(new double[] {3, 100}, back, 1e-9);
    }

    @Test
    void givenNegativeAndConstantFeatures_whenFit_thenClippedAndUnitScale() {
        FeatureTransform t = FeatureTransform.fit(new double[][] {{-5, 2}, {0, 2}});

        assertEquals(0.0, t.center()[0]);
        assertEquals(1.0, t.scale()[0]);
        assertEquals(1.0, t.scale()[1]);
    }

    @Test
    void givenRobustScaling_whenFit_thenMedianAndIqrLikeNumpy() {
        double[][] x = {{1}, {2}, {3}, {4}, {100}};
        FeatureTransform t = FeatureTransform.fit(x,
                new FeatureTransform.Options(new boolean[] {false}, FeatureTransform.Scaling.ROBUST));

        assertEquals(3.0, t.center()[0]);
        assertEquals(2.0, t.scale()[0]);
    }

    @Test
    void givenNonFiniteCell_whenFit_thenErrorNamesRowAndColumn() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> FeatureTransform.fit(new double[][] {{1, 2}, {1, Double.POSITIVE_INFINITY}}));
        assertTrue(e.getMessage().contains("row 1, column 1"), e.getMessage());
    }
}
