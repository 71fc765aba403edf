package io.segstream.core.clv;

/**
 * Customer lifetime value from a BG/NBD purchase model and a Gamma-Gamma spend model: the expected purchases of each
 * coming month times the expected spend per purchase, discounted per month, summed over the horizon.
 */
public final class Clv {

    /** Weeks in an average month (365.25 / 12 / 7). */
    public static final double WEEKS_PER_MONTH = 365.25 / 12 / 7;

    private Clv() {
    }

    /**
     * @param months          horizon in months, at least 1
     * @param monthlyDiscount discount rate per month, e.g. 0.01
     */
    public static double value(BgNbd purchases, GammaGamma spend, RepeatSummary customer, int months,
                               double monthlyDiscount) {
        if (months < 1 || monthlyDiscount < 0) {
            throw new IllegalArgumentException("horizon " + months + " months, discount " + monthlyDiscount);
        }
        double perPurchase = spend.expectedMeanSpend(customer.x(), customer.meanRepeatSpend());
        double value = 0;
        double before = 0;
        for (int month = 1; month <= months; month++) {
            double upTo = purchases.expectedPurchases(month * WEEKS_PER_MONTH, customer.x(), customer.tx(),
                    customer.T());
            value += (upTo - before) * perPurchase / Math.pow(1 + monthlyDiscount, month);
            before = upTo;
        }
        return value;
    }
}
