package io.segstream.analysis;

import java.util.Random;

/**
 * The leading principal components of already scaled rows, by power iteration with deflation on the covariance
 * matrix: enough for a 2-D picture and independent of native linear algebra.
 *
 * @param components {@code m} unit vectors of length d, by decreasing variance
 * @param explained share of the total variance each component explains
 */
public record Pca(double[][] components, double[] explained) {

    /**
     * Fits the first {@code m} components.
     *
     * @param x rows of equal length, at least two
     * @param m number of components, at most the dimension
     */
    public static Pca fit(double[][] x, int m) {
        int n = x.length;
        int d = x[0].length;
        if (m < 1 || m > d || n < 2) {
            throw new IllegalArgumentException("cannot fit " + m + " components on " + n + " x " + d);
        }
        double[] mean = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / n;
            }
        }
        double[][] cov = new double[d][d];
        for (double[] row : x) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    cov[a][b] += (row[a] - mean[a]) * (row[b] - mean[b]) / (n - 1);
                }
            }
        }
        double total = 0;
        for (int j = 0; j < d; j++) {
            total += cov[j][j];
        }
        double[][] comps = new double[m][];
        double[] explained = new double[m];
        Random random = new Random(0);
        for (int c = 0; c < m; c++) {
            double[] v = new double[d];
            for (int j = 0; j < d; j++) {
                v[j] = random.nextGaussian();
            }
            double lambda = 0;
            for (int it = 0; it < 1000; it++) {
                double[] w = multiply(cov, v);
                double norm = Math.sqrt(dot(w, w));
                if (norm == 0) {
                    break;
                }
                for (int j = 0; j < d; j++) {
                    w[j] /= norm;
                }
                double change = 1 - Math.abs(dot(w, v));
                v = w;
                lambda = norm;
                if (change < 1e-12) {
                    break;
                }
            }
            // A deterministic sign: the largest loading is positive.
            int big = 0;
            for (int j = 1; j < d; j++) {
                big = Math.abs(v[j]) > Math.abs(v[big]) ? j : big;
            }
            if (v[big] < 0) {
                for (int j = 0; j < d; j++) {
                    v[j] = -v[j];
                }
            }
            comps[c] = v;
            explained[c] = total == 0 ? 0 : lambda / total;
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    cov[a][b] -= lambda * v[a] * v[b];
                }
            }
        }
        return new Pca(comps, explained);
    }

    /** Projections of every row on the components (rows are assumed centred, as scaled features are). */
    public double[][] project(double[][] x) {
        double[][] out = new double[x.length][components.length];
        for (int i = 0; i < x.length; i++) {
            for (int c = 0; c < components.length; c++) {
                out[i][c] = dot(x[i], components[c]);
            }
        }
        return out;
    }

    private static double[] multiply(double[][] a, double[] v) {
        double[] w = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            w[i] = dot(a[i], v);
        }
        return w;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
