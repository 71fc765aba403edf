package io.segstream.core.clv;

import java.util.List;

import org.hipparchus.special.Beta;
import org.hipparchus.special.Gamma;

/**
 * The BG/NBD model of Fader, Hardie and Lee (2005), "Counting Your Customers the Easy Way": while alive, a customer
 * buys at a Poisson rate drawn from Gamma(r, alpha); after each purchase the customer drops out with a probability
 * drawn from Beta(a, b). Time is in weeks.
 *
 * @param r     shape of the purchase-rate distribution
 * @param alpha scale of the purchase-rate distribution (weeks)
 * @param a     first shape of the drop-out distribution
 * @param b     second shape of the drop-out distribution
 */
public record BgNbd(double r, double alpha, double a, double b) {

    public BgNbd {
        if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) {
            throw new IllegalArgumentException("BG/NBD parameters must be positive: " + r + ", " + alpha + ", " + a
                    + ", " + b);
        }
    }

    /** The log-likelihood of one customer's history (equation 6 of the paper, in log space). */
    public double logLikelihood(int x, double tx, double T) {
        return logLikelihood(x, tx, T, gammaTerms(x), dropoutTerm(x));
    }

    /**
     * The sum of {@link #logLikelihood} over {@code customers}, with the terms that depend on x only computed once
     * per distinct x.
     */
    public double logLikelihood(List<RepeatSummary> customers) {
        PerX gamma = new PerX(customers, this::gammaTerms);
        PerX dropout = new PerX(customers, this::dropoutTerm);
        double sum = 0;
        for (RepeatSummary c : customers) {
            int x = c.x();
            sum += logLikelihood(x, c.tx(), c.T(), gamma.of(x), x == 0 ? 0 : dropout.of(x));
        }
        return sum;
    }

    /** ln A1 + ln A2 of equation 6: the gamma and beta functions, which depend on x only. */
    private double gammaTerms(int x) {
        return Gamma.logGamma(r + x) - Gamma.logGamma(r) + r * Math.log(alpha) + Beta.logBeta(a, b + x)
                - Beta.logBeta(a, b);
    }

    /** ln(a / (b + x - 1)), the drop-out part of A4 (used for x &gt; 0 only). */
    private double dropoutTerm(int x) {
        return Math.log(a) - Math.log(b + x - 1);
    }

    private double logLikelihood(int x, double tx, double T, double gammaTerms, double dropoutTerm) {
        double a3 = -(r + x) * Math.log(alpha + T);
        if (x == 0) {
            return gammaTerms + a3;
        }
        double a4 = dropoutTerm - (r + x) * Math.log(alpha + tx);
        // log(e^a3 + e^a4) without overflow.
        double max = Math.max(a3, a4);
        return gammaTerms + max + Math.log(Math.exp(a3 - max) + Math.exp(a4 - max));
    }

    /** The probability that the customer is still alive at T (equation in section 5 of the paper). */
    public double pAlive(int x, double tx, double T) {
        if (x == 0) {
            return 1;
        }
        return 1 / (1 + a / (b + x - 1) * Math.exp((r + x) * (Math.log(alpha + T) - Math.log(alpha + tx))));
    }

    /** Expected purchases in the next {@code t} weeks of a customer with history (x, t_x, T) (equation 10). */
    public double expectedPurchases(double t, int x, double tx, double T) {
        if (t == 0) {
            return 0;
        }
        double z = t / (alpha + T + t);
        double hyp = Hypergeometric.f21(r + x, b + x, a + b + x - 1, z);
        double ratio = Math.exp((r + x) * (Math.log(alpha + T) - Math.log(alpha + T + t)));
        double numerator = (a + b + x - 1) / (a - 1) * (1 - ratio * hyp);
        double dropout = x == 0 ? 0 : a / (b + x - 1)
                * Math.exp((r + x) * (Math.log(alpha + T) - Math.log(alpha + tx)));
        return numerator / (1 + dropout);
    }

    /** Expected purchases in (0, t] weeks of a new customer (equation 9). */
    public double expectedPurchasesOfNew(double t) {
        double z = t / (alpha + t);
        double hyp = Hypergeometric.f21(r, b, a + b - 1, z);
        return (a + b - 1) / (a - 1) * (1 - Math.pow(alpha / (alpha + t), r) * hyp);
    }
}
