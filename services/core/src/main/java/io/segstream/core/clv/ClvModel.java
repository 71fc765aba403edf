package io.segstream.core.clv;

/**
 * A fitted purchase model and spend model with the horizons a customer is scored over: what the trainer publishes
 * and the stream applies to each customer.
 *
 * @param purchases       the BG/NBD purchase model (weeks)
 * @param spend           the Gamma-Gamma spend model
 * @param outlookDays     horizon of the expected purchases, in days (90 by default)
 * @param horizonMonths   horizon of the lifetime value, in months (12 by default)
 * @param monthlyDiscount discount rate per month of the lifetime value
 */
public record ClvModel(BgNbd purchases, GammaGamma spend, int outlookDays, int horizonMonths,
                       double monthlyDiscount) {

    public ClvModel {
        if (outlookDays < 1 || horizonMonths < 1 || !(monthlyDiscount >= 0)) {
            throw new IllegalArgumentException("outlook " + outlookDays + " days, horizon " + horizonMonths
                    + " months, discount " + monthlyDiscount);
        }
        if (!(purchases.a() > 1) || !(spend.q() > 1)) {
            throw new IllegalArgumentException("the expected purchases need a > 1 and the expected spend q > 1: a="
                    + purchases.a() + ", q=" + spend.q());
        }
    }

    /**
     * One customer's scores.
     *
     * @param pAlive             probability that the customer is still active
     * @param expectedPurchases  expected purchase days within the outlook
     * @param lifetimeValue      discounted expected spend over the horizon
     */
    public record Scores(double pAlive, double expectedPurchases, double lifetimeValue) {
    }

    /** The scores of a customer observed up to the end of {@code endDay}. */
    public Scores score(PurchaseHistory history, long endDay) {
        RepeatSummary c = history.summaryAt(endDay);
        return new Scores(purchases.pAlive(c.x(), c.tx(), c.T()),
                purchases.expectedPurchases(outlookDays / 7.0, c.x(), c.tx(), c.T()),
                Clv.value(purchases, spend, c, horizonMonths, monthlyDiscount));
    }
}
