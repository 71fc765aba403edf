package io.segstream.core.clustering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segstream.testing.SklearnFixture;
import org.junit.jupiter.api.Test;

class KSelectionTest {

    @Test
    void givenSklearnFixture_whenSweptTwoToTen_thenSilhouettePicksSklearnsBestK() {
        SklearnFixture f = SklearnFixture.load();

        KSelection s = KSelection.fit(RowMatrix.of(f.scaled), KSelection.Options.defaults());

        assertEquals(9, s.entries().size());
        assertEquals(2, s.bestK());
        for (KSelection.Entry e : s.entries()) {
            double[] sk = f.metrics.get(e.k());
            assertTrue(e.inertia() <= sk[0] * 1.01, "k=" + e.k());
            assertEquals(sk[1], e.scores().silhouette(), 0.02, "k=" + e.k());
        }
        assertTrue(s.elbowK() > 2 && s.elbowK() < 10, "elbow " + s.elbowK());
    }

    @Test
    void givenCurveWithSharpBend_whenElbow_thenBendIndex() {
        double[] k = {1, 2, 3, 4, 5, 6};
        double[] inertia = {100, 20, 15, 12, 10, 9};

        assertEquals(1, KSelection.elbow(k, inertia));
    }
}
