package io.segstream.core.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class DriftMathTest {

    @Test
    void givenDistinctValues_whenFit_thenDecileBinsHoldATenthEach() {
        double[] v = new double[1000];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        ReferenceBins bins = ReferenceBins.fit(v);
        assertEquals(10, bins.size());
        for (double share : bins.shares()) {
            assertEquals(0.1, share, 1e-12);
        }
        assertEquals(0, bins.bin(-1e9));
        assertEquals(9, bins.bin(1e9));
        assertEquals(0, bins.bin(99));
        assertEquals(1, bins.bin(100));
    }

    @Test
    void givenHeavyTies_whenFit_thenEdgesMergeAndSharesStillSumToOne() {
        double[] v = new double[100];
        for (int i = 70; i < 100; i++) {
            v[i] = i;
        }
        ReferenceBins bins = ReferenceBins.fit(v);
        assertEquals(0.7, bins.shares()[0], 1e-12);
        assertEquals(1.0, java.util.Arrays.stream(bins.shares()).sum(), 1e-12);
        assertTrue(bins.size() < 10);
    }

    @Test
    void givenSameDistribution_whenPsi_thenNearZero_andShiftedAboveThreshold() {
        SplittableRandom rng = new SplittableRandom(7);
        double[] ref = new double[20_000];
        for (int i = 0; i < ref.length; i++) {
            ref[i] = rng.nextGaussian();
        }
        ReferenceBins bins = ReferenceBins.fit(ref);
        long[] same = new long[bins.size()];
        long[] shifted = new long[bins.size()];
        for (int i = 0; i < 20_000; i++) {
            double x = rng.nextGaussian();
            same[bins.bin(x)]++;
            shifted[bins.bin(x + 0.8)]++;
        }
        assertTrue(Psi.of(same, bins.shares()) < 0.01, "same distribution");
        assertTrue(Psi.of(shifted, bins.shares()) > 0.2, "shifted by 0.8 sd");
    }

    @Test
    void givenEmptyBin_whenPsi_thenFiniteByEpsilon() {
        double psi = Psi.of(new long[] {10, 0}, new double[] {0.5, 0.5});
        double expected = (1 - 0.5) * Math.log(1 / 0.5) + (1e-4 - 0.5) * Math.log(1e-4 / 0.5);
        assertEquals(expected, psi, 1e-12);
        assertTrue(Double.isNaN(Psi.of(new long[] {0, 0}, new double[] {0.5, 0.5})));
        assertArrayEquals(new double[] {1.0}, ReferenceBins.fit(new double[] {3, 3, 3}).shares());
    }
}
