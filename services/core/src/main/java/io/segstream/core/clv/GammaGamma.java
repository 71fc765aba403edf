package io.segstream.core.clv;

import java.util.List;

import org.hipparchus.special.Gamma;

/**
 * The Gamma-Gamma model of monetary value (Fader, Hardie and Lee 2005, "RFM and CLV"; Fader and Hardie, note 025):
 * a customer's spends are Gamma(p, nu) with nu drawn from Gamma(q, v), independent of the purchase process. Fitted on
 * customers with at least one repeat purchase, on the mean of their repeat spends.
 *
 * @param p shape of the spend distribution
 * @param q shape of the distribution of nu
 * @param v scale of the distribution of nu
 */
public record GammaGamma(double p, double q, double v) {

    public GammaGamma {
        if (!(p > 0 && q > 0 && v > 0)) {
            throw new IllegalArgumentException("Gamma-Gamma parameters must be positive: " + p + ", " + q + ", " + v);
        }
    }

    /** The log-likelihood of a mean spend {@code m} over {@code x >= 1} repeat purchases. */
    public double logLikelihood(int x, double m) {
        return logLikelihood(x, m, xTerms(x));
    }

    /**
     * The sum of {@link #logLikelihood} over the customers with a repeat purchase, with the terms that depend on x
     * only computed once per distinct x.
     */
    public double logLikelihood(List<RepeatSummary> customers) {
        PerX terms = new PerX(customers, this::xTerms);
        double sum = 0;
        for (RepeatSummary c : customers) {
            if (c.x() > 0) {
                sum += logLikelihood(c.x(), c.meanRepeatSpend(), terms.of(c.x()));
            }
        }
        return sum;
    }

    /** The terms that depend on x only: the gamma functions, the constant and px ln x. */
    private double xTerms(int x) {
        double px = p * x;
        return Gamma.logGamma(px + q) - Gamma.logGamma(px) - Gamma.logGamma(q) + q * Math.log(v) + px * Math.log(x);
    }

    private double logLikelihood(int x, double m, double xTerms) {
        double px = p * x;
        return xTerms + (px - 1) * Math.log(m) - (px + q) * Math.log(v + x * m);
    }

    /** The expected mean spend of a customer with {@code x} repeat purchases of mean {@code m}; the population mean
     * when {@code x == 0}. Needs {@code q > 1}. */
    public double expectedMeanSpend(int x, double m) {
        double population = p * v / (q - 1);
        if (x == 0) {
            return population;
        }
        double weight = (q - 1) / (p * x + q - 1);
        return weight * population + (1 - weight) * m;
    }
}
