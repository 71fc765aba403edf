package io.segstream.core.clustering;

import java.util.Arrays;

/**
 * Per-feature log1p (after clipping at 0) followed by standard or robust scaling: the
 * preprocessing of the reference notebooks ({@code np.log1p(x.clip(0))} then
 * {@code StandardScaler}), learned once and replayed on every event.
 *
 * <p>Parameters are plain arrays so a model can carry them as Avro arrays. {@code apply} writes
 * into a caller buffer because the stream scores one customer at a time.
 *
 * @param log1p per feature, whether to apply {@code log1p(max(x, 0))} first.
 * @param center per feature, the value subtracted (mean or median).
 * @param scale per feature, the divisor (population standard deviation or IQR; 1 where that is 0).
 */
public record FeatureTransform(boolean[] log1p, double[] center, double[] scale) {

    /** How the log-transformed features are centred and scaled. */
    public enum Scaling {
        /** Mean and population standard deviation (ddof=0), as sklearn's {@code StandardScaler}. */
        STANDARD,
        /** Median and interquartile range, as sklearn's {@code RobustScaler} defaults. */
        ROBUST
    }

    /**
     * Fitting options.
     *
     * @param log1p per feature whether to log1p it, or {@code null} for all features.
     * @param scaling the scaling.
     */
    public record Options(boolean[] log1p, Scaling scaling) {
        /** Validates and copies. */
        public Options {
            if (scaling == null) {
                throw new IllegalArgumentException("scaling is required");
            }
            log1p = log1p == null ? null : log1p.clone();
        }

        /** @return log1p on every feature and standard scaling, as the reference notebooks. */
        public static Options defaults() {
            return new Options(null, Scaling.STANDARD);
        }
    }

    /** Validates lengths and finiteness, and copies the arrays. */
    public FeatureTransform {
        if (log1p.length != center.length || center.length != scale.length) {
            throw new IllegalArgumentException("log1p, center and scale lengths differ: "
                    + log1p.length + ", " + center.length + ", " + scale.length);
        }
        for (int j = 0; j < scale.length; j++) {
            if (!Double.isFinite(center[j]) || !(scale[j] > 0) || !Double.isFinite(scale[j])) {
                throw new IllegalArgumentException(
                        "Feature " + j + ": center " + center[j] + ", scale " + scale[j]);
            }
        }
        log1p = log1p.clone();
        center = center.clone();
        scale = scale.clone();
    }

    /**
     * Fits with log1p on every feature and standard scaling.
     *
     * @param data the raw features, one row per customer.
     * @return the transform.
     */
    public static FeatureTransform fit(double[][] data) {
        return fit(data, Options.defaults());
    }

    /**
     * Fits the transform.
     *
     * @param data the raw features, one row per customer; finite.
     * @param options the options.
     * @return the transform.
     * @throws IllegalArgumentException naming the first ragged row or non-finite cell.
     */
    public static FeatureTransform fit(double[][] data, Options options) {
        RowMatrix m = RowMatrix.of(data);
        int n = m.rows();
        int d = m.cols();
        boolean[] logs = options.log1p() == null ? all(d) : options.log1p();
        if (logs.length != d) {
            throw new IllegalArgumentException("log1p has " + logs.length + " flags for " + d + " features");
        }
        double[] center = new double[d];
        double[] scale = new double[d];
        double[] column = new double[n];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < n; i++) {
                column[i] = logs[j] ? Math.log1p(Math.max(m.get(i, j), 0)) : m.get(i, j);
            }
            if (options.scaling() == Scaling.STANDARD) {
                double mean = 0;
                for (double v : column) {
                    mean += v;
                }
                mean /= n;
                double ss = 0;
                for (double v : column) {
                    ss += (v - mean) * (v - mean);
                }
                center[j] = mean;
                scale[j] = nonZero(Math.sqrt(ss / n));
            } else {
                Arrays.sort(column);
                center[j] = quantile(column, 0.5);
                scale[j] = nonZero(quantile(column, 0.75) - quantile(column, 0.25));
            }
        }
        return new FeatureTransform(logs, center, scale);
    }

    /** @return the number of features. */
    public int dimension() {
        return center.length;
    }

    /**
     * Transforms one row into a caller buffer.
     *
     * @param row the raw features.
     * @param out a buffer of {@link #dimension()} values; may be {@code row} itself.
     * @return {@code out}.
     */
    public double[] apply(double[] row, double[] out) {
        if (row.length != center.length) {
            throw new IllegalArgumentException("Row has " + row.length + " features, expected " + center.length);
        }
        for (int j = 0; j < center.length; j++) {
            double v = log1p[j] ? Math.log1p(Math.max(row[j], 0)) : row[j];
            out[j] = (v - center[j]) / scale[j];
        }
        return out;
    }

    /**
     * Transforms every row.
     *
     * @param data the raw features.
     * @return the transformed matrix.
     */
    public RowMatrix apply(double[][] data) {
        int d = center.length;
        double[] v = new double[data.length * d];
        double[] buf = new double[d];
        for (int i = 0; i < data.length; i++) {
            if (data[i].length != d) {
                throw new IllegalArgumentException("Row " + i + " has " + data[i].length + " features, expected " + d);
            }
            System.arraycopy(apply(data[i], buf), 0, v, i * d, d);
        }
        return RowMatrix.wrap(data.length, d, v);
    }

    /**
     * Maps a transformed row (e.g. a centroid) back to original units; features clipped at 0
     * before log1p come back as their clipped values.
     *
     * @param z the transformed row.
     * @param out a buffer of {@link #dimension()} values; may be {@code z} itself.
     * @return {@code out}.
     */
    public double[] invert(double[] z, double[] out) {
        for (int j = 0; j < center.length; j++) {
            double v = z[j] * scale[j] + center[j];
            out[j] = log1p[j] ? Math.expm1(v) : v;
        }
        return out;
    }

    @Override
    public boolean[] log1p() {
        return log1p.clone();
    }

    @Override
    public double[] center() {
        return center.clone();
    }

    @Override
    public double[] scale() {
        return scale.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureTransform t && Arrays.equals(log1p, t.log1p)
                && Arrays.equals(center, t.center) && Arrays.equals(scale, t.scale);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(log1p) + Arrays.hashCode(center)) + Arrays.hashCode(scale);
    }

    @Override
    public String toString() {
        return "FeatureTransform[log1p=" + Arrays.toString(log1p) + ", center=" + Arrays.toString(center)
                + ", scale=" + Arrays.toString(scale) + "]";
    }

    private static boolean[] all(int d) {
        boolean[] b = new boolean[d];
        Arrays.fill(b, true);
        return b;
    }

    // sklearn maps a zero spread to 1 so constant features pass through centred, not NaN.
    private static double nonZero(double s) {
        return s == 0 ? 1 : s;
    }

    /**
     * Linear interpolation between order statistics, numpy's default percentile method.
     *
     * @param sorted the values, sorted ascending
     * @param q the quantile in [0, 1]
     * @return the quantile
     */
    public static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
