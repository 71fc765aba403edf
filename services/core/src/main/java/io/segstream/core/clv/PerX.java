package io.segstream.core.clv;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * A term of a log-likelihood that depends on a customer's number of repeat purchases x only, computed once per
 * distinct x of a list of customers: a fit evaluates the sum thousands of times, and the gamma and beta functions
 * are its costly part. One per evaluation; not thread-safe.
 */
final class PerX {

    private final double[] values;
    private final IntToDoubleFunction term;

    PerX(List<RepeatSummary> customers, IntToDoubleFunction term) {
        int maxX = 0;
        for (RepeatSummary c : customers) {
            maxX = Math.max(maxX, c.x());
        }
        this.values = new double[maxX + 1];
        Arrays.fill(values, Double.NaN);
        this.term = term;
    }

    /** The term at {@code x}. */
    double of(int x) {
        double v = values[x];
        if (Double.isNaN(v)) {
            v = term.applyAsDouble(x);
            values[x] = v;
        }
        return v;
    }
}
