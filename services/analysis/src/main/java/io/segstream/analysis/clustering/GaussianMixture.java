package io.segstream.analysis.clustering;

import io.segstream.core.clustering.KMeans;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A Gaussian mixture with full covariances fitted by EM with a ridge on every component's covariance.
 *
 * <p>Why hand-written rather than Smile 6.3.0: {@code MultivariateExponentialFamilyMixture.fit} drives
 * {@code MultivariateGaussianDistribution.M}, which has no regularisation hook; it only multiplies the diagonal by
 * 1.00001, which leaves a column that is constant within a component (or two columns that are affine in each other
 * there) singular. On the Customer Personality data, where family size is children + 1 + (1 with a partner) and
 * children and education take a handful of values, that made the likelihood of k = 5 and 6 jump by ~8 nats per
 * customer (Smile's BIC, higher is better, -8,311 and -8,639 against -26,383 for k = 4 and -25,163 for k = 8) and
 * k = 7 fail in LAPACK's Cholesky (POTRF), which Smile also logs as an ERROR. Its EM also reshapes the posteriors by
 * default (entropy regularisation, gamma = 0.2), so the
 * likelihood it reports is not that of a plain EM fit. Commons Math's mixture EM has no regularisation either.
 * This class follows scikit-learn's {@code GaussianMixture(covariance_type='full', init_params='kmeans')} with
 * {@code reg_covar} relative to each column's variance; d is small here, so the Cholesky factorisations are plain
 * Java (no native LAPACK needed).
 *
 * <p>The fit: seeded k-means (k-means++ seeding, {@link KMeans}) gives hard responsibilities; each M-step sets the
 * weights, means and covariances from the responsibilities and adds {@code ridge × Var(column)} to the diagonal of
 * every component's covariance, so each covariance is positive definite with eigenvalues at least the smallest
 * ridge; each E-step computes log-densities through the Cholesky factor and the responsibilities by log-sum-exp. EM
 * stops when the mean log-likelihood per row changes by less than {@code tol}, or after {@code maxIter} E-steps.
 * The returned parameters are those the final log-likelihood was computed with.
 *
 * <p>BIC convention (scikit-learn's, lower is better): {@code BIC = -2 logL + p ln n} with
 * {@code p = (k - 1) + k d + k d (d + 1) / 2} free parameters (weights, means, symmetric covariances); the ridge
 * is a fixed setting, not a parameter.
 *
 * @param weights the mixing weights, summing to 1
 * @param means the component means, k × d
 * @param covariances the component covariances with the ridge included, k × d × d
 * @param logLikelihood the log-likelihood of the training rows under these parameters
 * @param n the number of training rows
 * @param iterations the E-steps run
 * @param converged whether the tolerance was met before {@code maxIter}
 */
public record GaussianMixture(double[] weights, double[][] means, double[][][] covariances, double logLikelihood,
                              int n, int iterations, boolean converged) {

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    /**
     * Hyperparameters.
     *
     * @param k the number of components, at least 1
     * @param ridge added to each component's covariance diagonal, as a multiple of the column's variance over all
     *              rows (on standardised data, an absolute variance); positive
     * @param tol convergence when the mean log-likelihood per row changes by less than this
     * @param maxIter the maximum E-steps per start
     * @param nInit the number of starts, each from k-means with its own seed; the fit with the highest
     *              log-likelihood is kept (scikit-learn's {@code n_init})
     * @param seed the seed of the first start's k-means; start r uses {@code seed + r}
     */
    public record Options(int k, double ridge, double tol, int maxIter, int nInit, long seed) {
        /** Validates the hyperparameters. */
        public Options {
            if (k < 1) {
                throw new IllegalArgumentException("Invalid k: " + k);
            }
            if (!(ridge > 0) || Double.isInfinite(ridge)) {
                throw new IllegalArgumentException("Invalid ridge: " + ridge);
            }
            if (!(tol > 0) || maxIter < 1 || nInit < 1) {
                throw new IllegalArgumentException("Invalid tol/maxIter/nInit: " + tol + "/" + maxIter + "/" + nInit);
            }
        }

        /**
         * @param k the number of components
         * @return ridge {@value #DEFAULT_RIDGE} of each column's variance, tol 1e-6 nats per row, 500 iterations,
         *         {@value #DEFAULT_N_INIT} starts, seed 0
         */
        public static Options of(int k) {
            return new Options(k, DEFAULT_RIDGE, 1e-6, 500, DEFAULT_N_INIT, 0);
        }

        /**
         * @param seed the seed
         * @return a copy with another seed
         */
        public Options withSeed(long seed) {
            return new Options(k, ridge, tol, maxIter, nInit, seed);
        }

        /**
         * @param nInit the number of starts
         * @return a copy with another number of starts
         */
        public Options withNInit(int nInit) {
            return new Options(k, ridge, tol, maxIter, nInit, seed);
        }

        /**
         * @param ridge the ridge
         * @return a copy with another ridge
         */
        public Options withRidge(double ridge) {
            return new Options(k, ridge, tol, maxIter, nInit, seed);
        }
    }

    /**
     * The default ridge, as a share of each column's variance: 3%, so no component is narrower than 0.17 of a
     * column's standard deviation. On standardised data whose discrete columns (children, family size, education)
     * step by about one unit, a component may still specialise on one level of such a column but gains at most
     * ½ ln(1 / 0.03) ≈ 1.75 nats per row and column by doing so, instead of an unbounded amount as the covariance
     * collapses. On the Customer Personality data, ridges of 1e-6, 1e-4, 1e-3, 1e-2 and 3e-2 gave BIC curves over
     * k = 2..10 whose largest deviation from the mean of the two neighbours was about 7,800, 4,300, 2,600, 1,100 and
     * 840 (the last is a genuine minimum at k = 7, where adding components stops paying).
     */
    public static final double DEFAULT_RIDGE = 3e-2;

    /** The default number of starts. */
    public static final int DEFAULT_N_INIT = 5;

    /** Validates shapes and copies the arrays. */
    public GaussianMixture {
        int k = weights.length;
        if (k == 0 || means.length != k || covariances.length != k) {
            throw new IllegalArgumentException("inconsistent component counts");
        }
        weights = weights.clone();
        means = deepCopy(means);
        double[][][] c = new double[k][][];
        for (int j = 0; j < k; j++) {
            c[j] = deepCopy(covariances[j]);
        }
        covariances = c;
    }

    /**
     * Fits a mixture by EM.
     *
     * @param x the rows, finite, all of the same length
     * @param options the hyperparameters
     * @return the fitted mixture
     * @throws IllegalArgumentException when the rows are empty, ragged or not finite, or when k exceeds the number
     *                                  of distinct rows (a component would have nothing to describe)
     */
    public static GaussianMixture fit(double[][] x, Options options) {
        int n = x.length;
        int k = options.k();
        if (n == 0) {
            throw new IllegalArgumentException("no rows");
        }
        int d = x[0].length;
        for (double[] row : x) {
            if (row.length != d) {
                throw new IllegalArgumentException("ragged rows: " + row.length + " and " + d + " columns");
            }
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("non-finite value " + v);
                }
            }
        }
        int distinct = distinctRows(x, k);
        if (distinct < k) {
            throw new IllegalArgumentException("k = " + k + " exceeds the " + distinct + " distinct rows");
        }
        double[] ridge = columnVariances(x);
        for (int t = 0; t < d; t++) {
            // A constant column still gets a positive ridge, so the covariance stays positive definite.
            ridge[t] = options.ridge() * (ridge[t] > 0 ? ridge[t] : 1);
        }

        GaussianMixture best = null;
        for (int r = 0; r < options.nInit(); r++) {
            GaussianMixture fit = run(x, ridge, options, options.seed() + r);
            if (best == null || fit.logLikelihood() > best.logLikelihood()) {
                best = fit;
            }
        }
        return best;
    }

    /** One EM run from seeded k-means. */
    private static GaussianMixture run(double[][] x, double[] ridge, Options options, long seed) {
        int n = x.length;
        int d = ridge.length;
        int k = options.k();
        int[] init = KMeans.fit(x, KMeans.Options.of(k).withNInit(1).withSeed(seed)).labels();
        double[][] resp = new double[n][k];
        for (int i = 0; i < n; i++) {
            resp[i][init[i]] = 1;
        }
        double[] w = new double[k];
        double[][] mu = new double[k][d];
        double[][][] cov = new double[k][d][d];
        mStep(x, resp, ridge, w, mu, cov);

        double previous = Double.NEGATIVE_INFINITY;
        double logL = Double.NaN;
        int iter = 0;
        boolean converged = false;
        while (iter < options.maxIter()) {
            iter++;
            logL = eStep(x, w, mu, cov, resp);
            if (Math.abs(logL - previous) < options.tol() * n) {
                converged = true;
                break;
            }
            previous = logL;
            if (iter == options.maxIter()) {
                break;
            }
            mStep(x, resp, ridge, w, mu, cov);
        }
        return new GaussianMixture(w, mu, cov, logL, n, iter, converged);
    }

    /** @return the number of components */
    public int k() {
        return weights.length;
    }

    /** @return the number of free parameters, {@code (k - 1) + k d + k d (d + 1) / 2} */
    public int parameters() {
        int k = k();
        int d = means[0].length;
        return (k - 1) + k * d + k * d * (d + 1) / 2;
    }

    /** @return {@code -2 logL + p ln n}, lower is better */
    public double bic() {
        return -2 * logLikelihood + parameters() * Math.log(n);
    }

    /**
     * The most probable component of each row.
     *
     * @param x rows of the training dimension
     * @return a component index per row
     */
    public int[] labels(double[][] x) {
        double[][] resp = new double[x.length][k()];
        eStep(x, weights, means, covariances, resp);
        int[] labels = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            int best = 0;
            for (int j = 1; j < resp[i].length; j++) {
                if (resp[i][j] > resp[i][best]) {
                    best = j;
                }
            }
            labels[i] = best;
        }
        return labels;
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public double[][] means() {
        return deepCopy(means);
    }

    @Override
    public double[][][] covariances() {
        double[][][] c = new double[covariances.length][][];
        for (int j = 0; j < c.length; j++) {
            c[j] = deepCopy(covariances[j]);
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GaussianMixture g && n == g.n && iterations == g.iterations && converged == g.converged
                && Double.compare(logLikelihood, g.logLikelihood) == 0 && Arrays.equals(weights, g.weights)
                && Arrays.deepEquals(means, g.means) && Arrays.deepEquals(covariances, g.covariances);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(weights) * 31 + Double.hashCode(logLikelihood);
    }

    @Override
    public String toString() {
        return "GaussianMixture[k=" + k() + ", logL=" + logLikelihood + ", iterations=" + iterations + "]";
    }

    /** Responsibilities into {@code resp}; returns the log-likelihood. */
    private static double eStep(double[][] x, double[] w, double[][] mu, double[][][] cov, double[][] resp) {
        int k = w.length;
        int d = mu[0].length;
        double[][] chol = new double[k][];
        double[] logNorm = new double[k];
        for (int j = 0; j < k; j++) {
            chol[j] = cholesky(cov[j], d);
            double logDet = 0;
            for (int t = 0; t < d; t++) {
                logDet += Math.log(chol[j][t * d + t]);
            }
            logNorm[j] = Math.log(w[j]) - 0.5 * d * LOG_2PI - logDet;
        }
        double[] z = new double[d];
        double logL = 0;
        for (int i = 0; i < x.length; i++) {
            double[] r = resp[i];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                r[j] = logNorm[j] - 0.5 * mahalanobis(chol[j], mu[j], x[i], z, d);
                max = Math.max(max, r[j]);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                r[j] = Math.exp(r[j] - max);
                sum += r[j];
            }
            for (int j = 0; j < k; j++) {
                r[j] /= sum;
            }
            logL += max + Math.log(sum);
        }
        return logL;
    }

    /** Weights, means and ridged covariances from the responsibilities. */
    private static void mStep(double[][] x, double[][] resp, double[] ridge, double[] w, double[][] mu,
                              double[][][] cov) {
        int n = x.length;
        int k = w.length;
        int d = ridge.length;
        for (int j = 0; j < k; j++) {
            // As scikit-learn: a tiny floor keeps an emptied component's mean defined (it then sits at the origin
            // with the ridge as covariance and a weight near zero).
            double nk = 10 * Math.ulp(1.0);
            double[] m = new double[d];
            for (int i = 0; i < n; i++) {
                double r = resp[i][j];
                nk += r;
                for (int t = 0; t < d; t++) {
                    m[t] += r * x[i][t];
                }
            }
            for (int t = 0; t < d; t++) {
                m[t] /= nk;
            }
            double[][] c = new double[d][d];
            double[] diff = new double[d];
            for (int i = 0; i < n; i++) {
                double r = resp[i][j];
                if (r == 0) {
                    continue;
                }
                for (int t = 0; t < d; t++) {
                    diff[t] = x[i][t] - m[t];
                }
                for (int a = 0; a < d; a++) {
                    double ra = r * diff[a];
                    for (int b = 0; b <= a; b++) {
                        c[a][b] += ra * diff[b];
                    }
                }
            }
            for (int a = 0; a < d; a++) {
                for (int b = 0; b <= a; b++) {
                    c[a][b] /= nk;
                    c[b][a] = c[a][b];
                }
                c[a][a] += ridge[a];
            }
            w[j] = nk / n;
            mu[j] = m;
            cov[j] = c;
        }
    }

    /** Lower Cholesky factor, row-major d × d. */
    private static double[] cholesky(double[][] a, int d) {
        double[] l = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int t = 0; t < j; t++) {
                    s -= l[i * d + t] * l[j * d + t];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new ArithmeticException("covariance not positive definite at column " + i);
                    }
                    l[i * d + i] = Math.sqrt(s);
                } else {
                    l[i * d + j] = s / l[j * d + j];
                }
            }
        }
        return l;
    }

    /** (x - mu)ᵀ Σ⁻¹ (x - mu) by forward substitution with the lower factor. */
    private static double mahalanobis(double[] l, double[] mu, double[] x, double[] z, int d) {
        double q = 0;
        for (int i = 0; i < d; i++) {
            double s = x[i] - mu[i];
            for (int t = 0; t < i; t++) {
                s -= l[i * d + t] * z[t];
            }
            z[i] = s / l[i * d + i];
            q += z[i] * z[i];
        }
        return q;
    }

    private static double[] columnVariances(double[][] x) {
        int d = x[0].length;
        double[] mean = new double[d];
        for (double[] row : x) {
            for (int t = 0; t < d; t++) {
                mean[t] += row[t] / x.length;
            }
        }
        double[] var = new double[d];
        for (double[] row : x) {
            for (int t = 0; t < d; t++) {
                var[t] += (row[t] - mean[t]) * (row[t] - mean[t]) / x.length;
            }
        }
        return var;
    }

    /** The number of distinct rows, counting no further than {@code limit}. */
    private static int distinctRows(double[][] x, int limit) {
        Set<List<Double>> seen = new HashSet<>();
        for (double[] row : x) {
            seen.add(Arrays.stream(row).boxed().toList());
            if (seen.size() >= limit) {
                break;
            }
        }
        return seen.size();
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
