package io.segstream.testing;

import java.util.SplittableRandom;

/** Seeded Gaussian blobs: well-separated clusters whose right answer is known. */
public final class Blobs {

    private Blobs() {
    }

    /** Row i belongs to blob i % k; blob centres are 10 apart on the diagonal. */
    public static double[][] of(int n, int d, int k, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < d; t++) {
                x[i][t] = 10.0 * (i % k) + gaussian(rng);
            }
        }
        return x;
    }

    /** A standard normal draw by Box-Muller. */
    public static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
