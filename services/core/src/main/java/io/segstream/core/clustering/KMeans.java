package io.segstream.core.clustering;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * K-means clustering with a hand-tuned kernel: greedy k-means++ seeding, Lloyd iterations
 * accelerated with Hamerly's bounds, sklearn's stopping rule, and the lowest-inertia of
 * {@code nInit} seeded restarts.
 *
 * <p>Why not {@code smile.clustering.KMeans}: on 1,000,000×6 customers it took 15.7 s per run
 * against 1.04 s for scikit-learn, because it works on {@code double[][]} rows and recomputes
 * every distance each iteration. This kernel keeps the data in one row-major array and skips
 * most distance computations; Smile stays the reference the tests compare inertia against.
 *
 * <p>Restarts run on the common ForkJoin pool; a single restart instead spreads its assignment
 * step over fixed row chunks. Each restart draws from its own generator derived from the seed and
 * chunk sums are reduced in a fixed order, so the same seed gives the same model on any number
 * of threads.
 *
 * @param centroids the k cluster centres.
 * @param labels the cluster of each training row.
 * @param inertia the sum of squared distances of the rows to their centres.
 * @param iterations the Lloyd iterations of the best restart.
 */
public record KMeans(double[][] centroids, int[] labels, double inertia, int iterations) {

    /**
     * Hyperparameters; defaults follow scikit-learn.
     *
     * @param k the number of clusters, at least 1.
     * @param nInit the number of seeded restarts, at least 1 (sklearn: 10).
     * @param maxIter the maximum Lloyd iterations per restart (sklearn: 300).
     * @param tol convergence when the total squared centre shift is at most {@code tol} times
     *            the mean per-feature variance of the data (sklearn: 1e-4).
     * @param seed the seed of the restarts' generators.
     */
    public record Options(int k, int nInit, int maxIter, double tol, long seed) {
        /** Validates the hyperparameters. */
        public Options {
            if (k < 1) {
                throw new IllegalArgumentException("Invalid k: " + k);
            }
            if (nInit < 1) {
                throw new IllegalArgumentException("Invalid nInit: " + nInit);
            }
            if (maxIter < 1) {
                throw new IllegalArgumentException("Invalid maxIter: " + maxIter);
            }
            if (!(tol >= 0) || Double.isInfinite(tol)) {
                throw new IllegalArgumentException("Invalid tol: " + tol);
            }
        }

        /**
         * @param k the number of clusters.
         * @return sklearn's defaults: 10 restarts, 300 iterations, tol 1e-4, seed 0.
         */
        public static Options of(int k) {
            return new Options(k, 10, 300, 1e-4, 0);
        }

        /**
         * @param nInit the number of restarts.
         * @return a copy with another number of restarts.
         */
        public Options withNInit(int nInit) {
            return new Options(k, nInit, maxIter, tol, seed);
        }

        /**
         * @param seed the seed.
         * @return a copy with another seed.
         */
        public Options withSeed(long seed) {
            return new Options(k, nInit, maxIter, tol, seed);
        }
    }

    /** Validates shapes and copies the arrays. */
    public KMeans {
        if (centroids.length == 0) {
            throw new IllegalArgumentException("No centroids");
        }
        int d = centroids[0].length;
        double[][] copy = new double[centroids.length][];
        for (int j = 0; j < centroids.length; j++) {
            if (centroids[j].length != d) {
                throw new IllegalArgumentException("Centroid " + j + " has " + centroids[j].length + " features, expected " + d);
            }
            copy[j] = centroids[j].clone();
        }
        centroids = copy;
        labels = labels.clone();
    }

    /**
     * Clusters an array of rows.
     *
     * @param data the rows.
     * @param options the hyperparameters.
     * @return the best restart.
     */
    public static KMeans fit(double[][] data, Options options) {
        return fit(RowMatrix.of(data), options);
    }

    /**
     * Clusters a matrix.
     *
     * @param data the rows; at least {@code k} of them.
     * @param options the hyperparameters.
     * @return the best restart; ties go to the earliest restart.
     */
    public static KMeans fit(RowMatrix data, Options options) {
        int n = data.rows();
        int k = options.k();
        if (n < k) {
            throw new IllegalArgumentException("n_samples=" + n + " should be >= k=" + k);
        }
        double tol = options.tol() * meanVariance(data);
        SplittableRandom root = new SplittableRandom(options.seed());
        SplittableRandom[] rngs = new SplittableRandom[options.nInit()];
        for (int r = 0; r < rngs.length; r++) {
            rngs[r] = root.split();
        }
        boolean chunked = options.nInit() == 1 && n >= 2 * HamerlyRun.CHUNK;
        IntStream runs = IntStream.range(0, options.nInit());
        List<HamerlyRun.Result> results = (options.nInit() > 1 ? runs.parallel() : runs)
                .mapToObj(r -> HamerlyRun.run(data, k, options.maxIter(), tol, rngs[r], chunked))
                .toList();
        HamerlyRun.Result best = results.getFirst();
        for (HamerlyRun.Result r : results) {
            if (r.inertia() < best.inertia()) {
                best = r;
            }
        }
        int d = data.cols();
        double[][] centroids = new double[k][];
        for (int j = 0; j < k; j++) {
            centroids[j] = Arrays.copyOfRange(best.centers(), j * d, (j + 1) * d);
        }
        return new KMeans(centroids, best.labels(), best.inertia(), best.iterations());
    }

    /** @return the number of clusters. */
    public int k() {
        return centroids.length;
    }

    /**
     * Assigns a row to its nearest centroid (lowest index on ties).
     *
     * @param x the row, in the space the model was fitted in.
     * @return the cluster index.
     */
    public int predict(double[] x) {
        return nearest(centroids, x);
    }

    /**
     * The index of the centroid nearest to {@code x} (squared Euclidean distance; the lowest index on ties).
     *
     * @throws IllegalArgumentException when {@code x} and the centroids differ in dimension
     */
    public static int nearest(double[][] centroids, double[] x) {
        return nearestTwo(centroids, x, new double[2]);
    }

    /**
     * The nearest centroid of {@code x} (lowest index on ties), with the squared distances to it and to the
     * second-nearest: the one nearest-centroid loop of segstream, used by k-means assignment and by live scoring.
     *
     * @param squared receives the squared distance to the nearest centroid at 0 and to the second-nearest at 1
     *                ({@code +Infinity} with one centroid)
     * @throws IllegalArgumentException when {@code x} and the centroids differ in dimension
     */
    public static int nearestTwo(double[][] centroids, double[] x, double[] squared) {
        return nearestTwo(centroids, x, squared, null);
    }

    /**
     * {@link #nearestTwo(double[][], double[], double[])} that also gives the second-nearest centroid's index (the
     * lowest on ties; -1 with one centroid) in {@code secondIndex[0]}, when it is not null.
     */
    public static int nearestTwo(double[][] centroids, double[] x, double[] squared, int[] secondIndex) {
        if (x.length != centroids[0].length) {
            throw new IllegalArgumentException("Row has " + x.length + " features, expected " + centroids[0].length);
        }
        int best = 0;
        int second = -1;
        double bestSq = Double.POSITIVE_INFINITY;
        double secondSq = Double.POSITIVE_INFINITY;
        for (int j = 0; j < centroids.length; j++) {
            double[] c = centroids[j];
            double s = 0;
            for (int t = 0; t < x.length; t++) {
                double v = x[t] - c[t];
                s += v * v;
            }
            if (s < bestSq) {
                secondSq = bestSq;
                second = j == 0 ? -1 : best;
                bestSq = s;
                best = j;
            } else if (s < secondSq) {
                secondSq = s;
                second = j;
            }
        }
        squared[0] = bestSq;
        squared[1] = secondSq;
        if (secondIndex != null) {
            secondIndex[0] = second;
        }
        return best;
    }

    @Override
    public double[][] centroids() {
        double[][] copy = new double[centroids.length][];
        for (int j = 0; j < copy.length; j++) {
            copy[j] = centroids[j].clone();
        }
        return copy;
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    /** The centroids without a defensive copy, for callers in this package. */
    double[][] centroidsView() {
        return centroids;
    }

    /** The labels without a defensive copy, for callers in this package. */
    int[] labelsView() {
        return labels;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KMeans m && Arrays.deepEquals(centroids, m.centroids)
                && Arrays.equals(labels, m.labels) && inertia == m.inertia && iterations == m.iterations;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.deepHashCode(centroids) + Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return "KMeans[k=" + k() + ", inertia=" + inertia + ", iterations=" + iterations + "]";
    }

    private static double meanVariance(RowMatrix x) {
        int n = x.rows();
        int d = x.cols();
        double[] a = x.values();
        double total = 0;
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += a[i * d + j];
            }
            mean /= n;
            double ss = 0;
            for (int i = 0; i < n; i++) {
                double v = a[i * d + j] - mean;
                ss += v * v;
            }
            total += ss / n;
        }
        return total / d;
    }
}
