package io.segstream.core.interest;

import java.util.Arrays;

import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.MaxIter;
import org.hipparchus.optim.SimpleValueChecker;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.hipparchus.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;

/**
 * Multinomial logistic regression with an L2 penalty, on standardised inputs: the classifier the trainer publishes
 * and the stream applies. It lives in the Kafka-free core because Smile (GPL-3.0) stays off the trainer's and the
 * stream's runtime, and no Apache-licensed library small enough for the stream has one; the minimisation itself is
 * Hipparchus' nonlinear conjugate gradient (Polak-Ribière) on the mean cross-entropy plus
 * {@code lambda/2 * |W|^2} (intercepts not penalised). The batch analysis compares it with Smile's classifiers.
 *
 * @param center per input the training mean
 * @param scale per input the training standard deviation (1 where constant)
 * @param weights per class the intercept followed by one weight per input
 */
public record SoftmaxRegression(double[] center, double[] scale, double[][] weights) {

    /** Conjugate-gradient iterations at most; on Online Retail the fit converges in far fewer. */
    static final int MAX_ITERATIONS = 1_000;

    /** Validates shapes and copies. */
    public SoftmaxRegression {
        if (center.length != scale.length || weights.length < 2) {
            throw new IllegalArgumentException("bad softmax regression shape");
        }
        for (double[] w : weights) {
            if (w.length != center.length + 1) {
                throw new IllegalArgumentException("weights need " + (center.length + 1) + " values per class");
            }
        }
        center = center.clone();
        scale = scale.clone();
        weights = Arrays.stream(weights).map(double[]::clone).toArray(double[][]::new);
    }

    /** @return the number of classes */
    public int classes() {
        return weights.length;
    }

    /** @return the number of inputs */
    public int inputs() {
        return center.length;
    }

    /**
     * Fits the model.
     *
     * @param x the inputs, one row per example
     * @param y the class of each example, 0..classes-1
     * @param classes the number of classes, at least 2
     * @param lambda the L2 penalty on the standardised weights
     * @return the fitted model
     */
    public static SoftmaxRegression fit(double[][] x, int[] y, int classes, double lambda) {
        int n = x.length;
        if (n == 0 || y.length != n || classes < 2 || !(lambda >= 0)) {
            throw new IllegalArgumentException("need examples, one class each, two classes and lambda >= 0");
        }
        int d = x[0].length;
        double[] center = new double[d];
        double[] scale = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                center[j] += row[j] / n;
            }
        }
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                scale[j] += (row[j] - center[j]) * (row[j] - center[j]) / n;
            }
        }
        for (int j = 0; j < d; j++) {
            scale[j] = scale[j] > 1e-24 ? Math.sqrt(scale[j]) : 1;
        }
        double[][] z = new double[n][];
        for (int i = 0; i < n; i++) {
            z[i] = standardise(x[i], center, scale);
        }
        Objective objective = new Objective(z, y, classes, lambda);
        var optimizer = new NonLinearConjugateGradientOptimizer(
                NonLinearConjugateGradientOptimizer.Formula.POLAK_RIBIERE,
                new SimpleValueChecker(1e-13, 1e-15, MAX_ITERATIONS), 1e-12, 1e-12, 1);
        // The checker ends the search at MAX_ITERATIONS with the point reached, so a slow convergence gives a
        // slightly less exact model instead of an exception that would fail the caller.
        double[] w = optimizer.optimize(new MaxEval(Integer.MAX_VALUE), new MaxIter(MAX_ITERATIONS + 1),
                new ObjectiveFunction(objective::value), new ObjectiveFunctionGradient(objective::gradient),
                GoalType.MINIMIZE, new InitialGuess(new double[classes * (d + 1)])).getPoint();
        double[][] weights = new double[classes][];
        for (int c = 0; c < classes; c++) {
            weights[c] = Arrays.copyOfRange(w, c * (d + 1), (c + 1) * (d + 1));
        }
        return new SoftmaxRegression(center, scale, weights);
    }

    /**
     * The class probabilities of one example.
     *
     * @param x the inputs
     * @param out receives one probability per class
     * @return {@code out}
     */
    public double[] probabilities(double[] x, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < weights.length; c++) {
            double[] w = weights[c];
            double s = w[0];
            for (int j = 0; j < center.length; j++) {
                s += w[j + 1] * (x[j] - center[j]) / scale[j];
            }
            out[c] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int c = 0; c < weights.length; c++) {
            out[c] = Math.exp(out[c] - max);
            sum += out[c];
        }
        for (int c = 0; c < weights.length; c++) {
            out[c] /= sum;
        }
        return out;
    }

    /**
     * The most probable class of one example.
     *
     * @param x the inputs
     * @return the class, the lowest index on ties
     */
    public int predict(double[] x) {
        return argmax(probabilities(x, new double[weights.length]));
    }

    /**
     * The most probable class of a probability vector.
     *
     * @param p one probability (or score) per class
     * @return the index of the largest, the lowest on ties
     */
    public static int argmax(double[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }

    private static double[] standardise(double[] x, double[] center, double[] scale) {
        double[] z = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            z[j] = (x[j] - center[j]) / scale[j];
        }
        return z;
    }

    /** Mean cross-entropy and its gradient, computed together and cached per point. */
    private static final class Objective {
        private final double[][] z;
        private final int[] y;
        private final int classes;
        private final double lambda;
        private double[] at;
        private double value;
        private double[] gradient;

        Objective(double[][] z, int[] y, int classes, double lambda) {
            this.z = z;
            this.y = y;
            this.classes = classes;
            this.lambda = lambda;
        }

        double value(double[] w) {
            evaluate(w);
            return value;
        }

        double[] gradient(double[] w) {
            evaluate(w);
            return gradient.clone();
        }

        private void evaluate(double[] w) {
            if (at != null && Arrays.equals(at, w)) {
                return;
            }
            int d1 = z[0].length + 1;
            double[] g = new double[w.length];
            double[] s = new double[classes];
            double loss = 0;
            for (int i = 0; i < z.length; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    int o = c * d1;
                    double v = w[o];
                    for (int j = 1; j < d1; j++) {
                        v += w[o + j] * z[i][j - 1];
                    }
                    s[c] = v;
                    max = Math.max(max, v);
                }
                double sum = 0;
                for (int c = 0; c < classes; c++) {
                    sum += Math.exp(s[c] - max);
                }
                double logSum = max + Math.log(sum);
                loss += logSum - s[y[i]];
                for (int c = 0; c < classes; c++) {
                    double r = Math.exp(s[c] - logSum) - (c == y[i] ? 1 : 0);
                    int o = c * d1;
                    g[o] += r;
                    for (int j = 1; j < d1; j++) {
                        g[o + j] += r * z[i][j - 1];
                    }
                }
            }
            int n = z.length;
            loss /= n;
            for (int k = 0; k < g.length; k++) {
                g[k] /= n;
                if (k % d1 != 0) {
                    loss += lambda / 2 * w[k] * w[k];
                    g[k] += lambda * w[k];
                }
            }
            at = w.clone();
            value = loss;
            gradient = g;
        }
    }
}
