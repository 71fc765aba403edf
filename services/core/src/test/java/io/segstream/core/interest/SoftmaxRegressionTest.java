package io.segstream.core.interest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The softmax regression against an independent computation: with two classes and one input it is a penalised
 * binary logistic regression in the difference of the class weights, solved here by Newton's method.
 */
class SoftmaxRegressionTest {

    @Test
    void givenTwoClassesAndOneInput_whenFitted_thenItEqualsANewtonSolvedPenalisedLogisticRegression() {
        Random r = new Random(42);
        int n = 400;
        double[][] x = new double[n][1];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = r.nextGaussian() * 2 + 5;
            y[i] = r.nextDouble() < 1 / (1 + Math.exp(-1.5 * (x[i][0] - 5))) ? 1 : 0;
        }
        double lambda = 0.05;
        SoftmaxRegression model = SoftmaxRegression.fit(x, y, 2, lambda);

        // Standardised input z; softmax weights w0 = -w1 at the optimum, so beta = 2 w1 and the penalty on
        // (w0, w1) is lambda / 4 * beta^2 in the binary model p(1) = 1 / (1 + exp(-(alpha + beta z))).
        double mean = 0;
        for (double[] row : x) {
            mean += row[0] / n;
        }
        double var = 0;
        for (double[] row : x) {
            var += (row[0] - mean) * (row[0] - mean) / n;
        }
        double sd = Math.sqrt(var);
        double alpha = 0;
        double beta = 0;
        for (int it = 0; it < 50; it++) {
            double ga = 0;
            double gb = 0;
            double haa = 0;
            double hab = 0;
            double hbb = 0;
            for (int i = 0; i < n; i++) {
                double z = (x[i][0] - mean) / sd;
                double p = 1 / (1 + Math.exp(-(alpha + beta * z)));
                ga += (p - y[i]) / n;
                gb += (p - y[i]) * z / n;
                double w = p * (1 - p) / n;
                haa += w;
                hab += w * z;
                hbb += w * z * z;
            }
            gb += lambda / 2 * beta;
            hbb += lambda / 2;
            double det = haa * hbb - hab * hab;
            alpha -= (hbb * ga - hab * gb) / det;
            beta -= (haa * gb - hab * ga) / det;
        }
        double[] w0 = model.weights()[0];
        double[] w1 = model.weights()[1];
        assertEquals(alpha, w1[0] - w0[0], 1e-5, "intercept difference");
        assertEquals(beta, w1[1] - w0[1], 1e-5, "slope difference");
        for (double probe : new double[] {1, 5, 9}) {
            double p = 1 / (1 + Math.exp(-(alpha + beta * (probe - mean) / sd)));
            assertEquals(p, model.probabilities(new double[] {probe}, new double[2])[1], 1e-6);
        }
        assertEquals(1, model.predict(new double[] {9}));
        assertEquals(0, model.predict(new double[] {1}));
    }

    @Test
    void givenThreeSeparatedBlobs_whenFitted_thenEveryPointIsClassifiedRight() {
        Random r = new Random(7);
        double[][] centres = {{0, 0}, {6, 0}, {0, 6}};
        double[][] x = new double[300][];
        int[] y = new int[300];
        for (int i = 0; i < 300; i++) {
            y[i] = i % 3;
            x[i] = new double[] {centres[y[i]][0] + r.nextGaussian(), centres[y[i]][1] + r.nextGaussian()};
        }
        SoftmaxRegression model = SoftmaxRegression.fit(x, y, 3, 1e-4);
        int right = 0;
        for (int i = 0; i < 300; i++) {
            right += model.predict(x[i]) == y[i] ? 1 : 0;
        }
        assertTrue(right >= 297, right + " of 300");
        double[] p = model.probabilities(new double[] {6, 0}, new double[3]);
        assertEquals(1, p[0] + p[1] + p[2], 1e-12);
    }
}
