package io.segstream.core.clustering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
    void givenSweepTwoToTen_whenBestWithinFourToEight_thenSklearnsBestOfThatRange() {
        SklearnFixture f = SklearnFixture.load();
        KSelection s = KSelection.fit(RowMatrix.of(f.scaled), KSelection.Options.defaults());
        int sklearnBest = 4;
        for (int k = 5; k <= 8; k++) {
            sklearnBest = f.metrics.get(k)[1] > f.metrics.get(sklearnBest)[1] ? k : sklearnBest;
        }

        assertEquals(4, sklearnBest);
        assertEquals(sklearnBest, s.bestWithin(4, 8));
        assertEquals(s.bestK(), s.bestWithin(2, 10));
        assertEquals(7, s.entry(7).k());
        assertThrows(IllegalArgumentException.class, () -> s.bestWithin(11, 12));
        assertThrows(IllegalArgumentException.class, () -> s.entry(11));
    }

    @Test
    void givenCurveWithSharpBend_whenElbow_thenBendIndex() {
        double[] k = {1, 2, 3, 4, 5, 6};
        double[] inertia = {100, 20, 15, 12, 10, 9};

        assertEquals(1, KSelection.elbow(k, inertia));
    }
}
