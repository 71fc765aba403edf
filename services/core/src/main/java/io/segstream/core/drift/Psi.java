package io.segstream.core.drift;

/**
 * Population stability index: PSI = Σ (a_i − e_i) · ln(a_i / e_i) over the bins, with a_i the live and e_i the
 * reference share of bin i. Shares below {@link #EPSILON} count as {@code EPSILON}, so an empty bin adds a large
 * but finite term instead of infinity. Rule of thumb: below 0.1 stable, 0.1 to 0.2 moderate, above 0.2 a shift.
 */
public final class Psi {

    /** Floor of a share in the formula. */
    public static final double EPSILON = 1e-4;

    private Psi() {
    }

    /**
     * PSI of live counts against reference shares.
     *
     * @param actual   live count per bin
     * @param expected reference share per bin (same length)
     * @return the index; NaN when there are no live counts
     */
    public static double of(long[] actual, double[] expected) {
        if (actual.length != expected.length) {
            throw new IllegalArgumentException(actual.length + " live bins against " + expected.length
                    + " reference bins");
        }
        long total = 0;
        for (long n : actual) {
            total += n;
        }
        if (total <= 0) {
            return Double.NaN;
        }
        double psi = 0;
        for (int i = 0; i < actual.length; i++) {
            double a = Math.max((double) actual[i] / total, EPSILON);
            double e = Math.max(expected[i], EPSILON);
            psi += (a - e) * Math.log(a / e);
        }
        return psi;
    }
}
