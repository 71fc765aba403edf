package io.segstream.core.clv;

/**
 * The Gaussian hypergeometric function 2F1(a, b; c; z) for 0 <= z < 1, by its power series. Written here because
 * neither Hipparchus nor Commons Math has it; the BG/NBD conditional expectation calls it with z = t / (alpha + T + t),
 * where the series converges geometrically.
 */
public final class Hypergeometric {

    private static final int MAX_TERMS = 100_000;
    private static final double TOLERANCE = 1e-15;

    private Hypergeometric() {
    }

    /**
     * @throws IllegalArgumentException outside 0 <= z < 1, or when c is zero or a negative integer
     * @throws ArithmeticException when the series has not converged after 100,000 terms
     */
    public static double f21(double a, double b, double c, double z) {
        if (!(z >= 0 && z < 1)) {
            throw new IllegalArgumentException("2F1 needs 0 <= z < 1, got " + z);
        }
        if (c <= 0 && c == Math.rint(c)) {
            throw new IllegalArgumentException("2F1 is undefined for c = " + c);
        }
        double term = 1;
        double sum = 1;
        for (int n = 0; n < MAX_TERMS; n++) {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            sum += term;
            if (Math.abs(term) <= TOLERANCE * Math.abs(sum)) {
                return sum;
            }
        }
        throw new ArithmeticException("2F1(" + a + ", " + b + "; " + c + "; " + z + ") did not converge");
    }
}
