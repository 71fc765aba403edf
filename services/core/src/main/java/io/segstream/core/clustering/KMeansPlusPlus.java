package io.segstream.core.clustering;

import java.util.SplittableRandom;

/**
 * Greedy k-means++ seeding as scikit-learn does it: each new centre is the best of
 * {@code 2 + floor(ln k)} candidates drawn proportionally to the squared distance to the nearest
 * centre so far, judged by the resulting potential.
 */
final class KMeansPlusPlus {
    private KMeansPlusPlus() {
    }

    /**
     * @return k×d centres, row-major.
     */
    static double[] seed(RowMatrix x, int k, SplittableRandom rng) {
        int n = x.rows();
        int d = x.cols();
        double[] a = x.values();
        double[] centers = new double[k * d];
        int trials = 2 + (int) Math.log(k);

        int first = rng.nextInt(n);
        System.arraycopy(a, first * d, centers, 0, d);
        double[] closest = new double[n];
        double pot = 0;
        for (int i = 0; i < n; i++) {
            closest[i] = dist2(a, i * d, a, first * d, d);
            pot += closest[i];
        }
        double[] cumulative = new double[n];
        double[] candidate = new double[n];
        double[] best = new double[n];
        for (int c = 1; c < k; c++) {
            double run = 0;
            for (int i = 0; i < n; i++) {
                run += closest[i];
                cumulative[i] = run;
            }
            double bestPot = Double.POSITIVE_INFINITY;
            int bestId = -1;
            for (int t = 0; t < trials; t++) {
                int id = searchSorted(cumulative, rng.nextDouble() * pot);
                double candPot = 0;
                for (int i = 0; i < n; i++) {
                    double v = Math.min(closest[i], dist2(a, i * d, a, id * d, d));
                    candidate[i] = v;
                    candPot += v;
                }
                if (candPot < bestPot) {
                    bestPot = candPot;
                    bestId = id;
                    double[] swap = best;
                    best = candidate;
                    candidate = swap;
                }
            }
            System.arraycopy(a, bestId * d, centers, c * d, d);
            double[] swap = closest;
            closest = best;
            best = swap;
            pot = bestPot;
        }
        return centers;
    }

    /** First index whose cumulative weight reaches {@code r}, clipped to the last row. */
    private static int searchSorted(double[] cumulative, double r) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] < r) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    static double dist2(double[] a, int ao, double[] b, int bo, int d) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            double t = a[ao + j] - b[bo + j];
            s += t * t;
        }
        return s;
    }
}
