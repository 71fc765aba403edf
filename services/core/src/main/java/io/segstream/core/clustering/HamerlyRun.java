package io.segstream.core.clustering;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static io.segstream.core.clustering.KMeansPlusPlus.dist2;

/**
 * One k-means run: k-means++ seeding, then Lloyd iterations whose assignment step skips most
 * distance computations with Hamerly's bounds (one upper bound to the own centre, one lower bound
 * to every other centre).
 *
 * <p>Rows are processed in fixed chunks whose partial sums are reduced in chunk order, so the
 * result is bit-identical whether chunks run on one thread or many.
 */
final class HamerlyRun {
    static final int CHUNK = 4096;

    private final double[] a;
    private final int n;
    private final int d;
    private final int k;
    private final boolean parallel;
    private final int chunks;
    private final int[] labels;
    private final double[] upper;
    private final double[] lower;
    private final double[] centers;
    private final double[] sums;
    private final long[] counts;
    private final double[][] chunkSums;
    private final long[][] chunkCounts;
    private final int[] chunkChanged;
    private final double[] shift;
    private final double[] halfGap;
    private double maxShift;
    private double secondShift;
    private int maxShiftCenter = -1;

    /** Result of one run. */
    record Result(double[] centers, int[] labels, double inertia, int iterations) {
    }

    private HamerlyRun(RowMatrix x, int k, boolean parallel) {
        this.a = x.values();
        this.n = x.rows();
        this.d = x.cols();
        this.k = k;
        this.parallel = parallel;
        this.chunks = (n + CHUNK - 1) / CHUNK;
        this.labels = new int[n];
        this.upper = new double[n];
        this.lower = new double[n];
        this.centers = new double[k * d];
        this.sums = new double[k * d];
        this.counts = new long[k];
        this.chunkSums = new double[chunks][k * d];
        this.chunkCounts = new long[chunks][k];
        this.chunkChanged = new int[chunks];
        this.shift = new double[k];
        this.halfGap = new double[k];
        Arrays.fill(labels, -1);
    }

    static Result run(RowMatrix x, int k, int maxIter, double tol, SplittableRandom rng, boolean parallel) {
        HamerlyRun r = new HamerlyRun(x, k, parallel);
        System.arraycopy(KMeansPlusPlus.seed(x, k, rng), 0, r.centers, 0, k * r.d);
        return r.iterate(maxIter, tol);
    }

    private Result iterate(int maxIter, double tol) {
        boolean strict = false;
        int iter = 0;
        double[] old = new double[k * d];
        while (iter < maxIter) {
            iter++;
            int changed = assign(iter == 1);
            relocateEmpty();
            System.arraycopy(centers, 0, old, 0, centers.length);
            for (int j = 0; j < k; j++) {
                for (int t = 0; t < d; t++) {
                    centers[j * d + t] = sums[j * d + t] / counts[j];
                }
            }
            double total = updateShifts(old);
            if (iter > 1 && changed == 0) {
                strict = true;
                break;
            }
            if (total <= tol) {
                break;
            }
        }
        if (!strict) {
            // Centres moved after the last assignment; relabel against them, as sklearn does.
            assign(false);
        }
        return new Result(centers.clone(), labels.clone(), inertia(), iter);
    }

    /** Returns how many labels changed; updates {@link #sums} and {@link #counts}. */
    private int assign(boolean full) {
        computeHalfGaps();
        IntStream range = IntStream.range(0, chunks);
        (parallel ? range.parallel() : range).forEach(c -> assignChunk(c, full));
        int changed = 0;
        for (int c = 0; c < chunks; c++) {
            changed += chunkChanged[c];
            double[] cs = chunkSums[c];
            for (int t = 0; t < cs.length; t++) {
                sums[t] += cs[t];
            }
            for (int j = 0; j < k; j++) {
                counts[j] += chunkCounts[c][j];
            }
        }
        Arrays.fill(shift, 0);
        maxShift = 0;
        secondShift = 0;
        maxShiftCenter = -1;
        return changed;
    }

    private void assignChunk(int c, boolean full) {
        double[] ds = chunkSums[c];
        long[] dc = chunkCounts[c];
        Arrays.fill(ds, 0);
        Arrays.fill(dc, 0);
        int changed = 0;
        int end = Math.min(n, (c + 1) * CHUNK);
        for (int i = c * CHUNK; i < end; i++) {
            int own = labels[i];
            int off = i * d;
            if (!full) {
                double u = upper[i] + shift[own];
                double l = lower[i] - (own == maxShiftCenter ? secondShift : maxShift);
                double bound = Math.max(halfGap[own], l);
                if (u <= bound) {
                    upper[i] = u;
                    lower[i] = l;
                    continue;
                }
                u = Math.sqrt(dist2(a, off, centers, own * d, d));
                if (u <= bound) {
                    upper[i] = u;
                    lower[i] = l;
                    continue;
                }
            }
            double d1 = Double.POSITIVE_INFINITY;
            double d2 = Double.POSITIVE_INFINITY;
            int best = 0;
            for (int j = 0; j < k; j++) {
                double s = dist2(a, off, centers, j * d, d);
                if (s < d1) {
                    d2 = d1;
                    d1 = s;
                    best = j;
                } else if (s < d2) {
                    d2 = s;
                }
            }
            upper[i] = Math.sqrt(d1);
            lower[i] = Math.sqrt(d2);
            if (best != own) {
                changed++;
                labels[i] = best;
                for (int t = 0; t < d; t++) {
                    ds[best * d + t] += a[off + t];
                }
                dc[best]++;
                if (own >= 0) {
                    for (int t = 0; t < d; t++) {
                        ds[own * d + t] -= a[off + t];
                    }
                    dc[own]--;
                }
            }
        }
        chunkChanged[c] = changed;
    }

    /** Half the distance from each centre to its nearest other centre (Hamerly's s(j)). */
    private void computeHalfGaps() {
        Arrays.fill(halfGap, Double.POSITIVE_INFINITY);
        for (int j = 0; j < k; j++) {
            for (int m = j + 1; m < k; m++) {
                double g = 0.5 * Math.sqrt(dist2(centers, j * d, centers, m * d, d));
                halfGap[j] = Math.min(halfGap[j], g);
                halfGap[m] = Math.min(halfGap[m], g);
            }
        }
    }

    /**
     * An empty cluster takes the point farthest from its own centre, as sklearn relocates
     * them; its bounds are reset so the next pass rechecks it.
     */
    private void relocateEmpty() {
        for (int j = 0; j < k; j++) {
            if (counts[j] > 0) {
                continue;
            }
            int far = -1;
            double farDist = -1;
            for (int i = 0; i < n; i++) {
                double s = counts[labels[i]] > 1 ? dist2(a, i * d, centers, labels[i] * d, d) : -1;
                if (s > farDist) {
                    farDist = s;
                    far = i;
                }
            }
            int from = labels[far];
            for (int t = 0; t < d; t++) {
                sums[from * d + t] -= a[far * d + t];
                sums[j * d + t] = a[far * d + t];
            }
            counts[from]--;
            counts[j] = 1;
            labels[far] = j;
            upper[far] = 0;
            lower[far] = 0;
        }
    }

    /** Records each centre's movement for the bounds; returns the total squared shift. */
    private double updateShifts(double[] old) {
        double total = 0;
        maxShift = 0;
        secondShift = 0;
        maxShiftCenter = -1;
        for (int j = 0; j < k; j++) {
            double s2 = dist2(old, j * d, centers, j * d, d);
            total += s2;
            double s = Math.sqrt(s2);
            shift[j] = s;
            if (s > maxShift) {
                secondShift = maxShift;
                maxShift = s;
                maxShiftCenter = j;
            } else if (s > secondShift) {
                secondShift = s;
            }
        }
        return total;
    }

    private double inertia() {
        double[] partial = new double[chunks];
        IntStream range = IntStream.range(0, chunks);
        (parallel ? range.parallel() : range).forEach(c -> {
            double s = 0;
            int end = Math.min(n, (c + 1) * CHUNK);
            for (int i = c * CHUNK; i < end; i++) {
                s += dist2(a, i * d, centers, labels[i] * d, d);
            }
            partial[c] = s;
        });
        double total = 0;
        for (double p : partial) {
            total += p;
        }
        return total;
    }
}
