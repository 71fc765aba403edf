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
        for (double v : new double[] {purchases.r(), purchases.alpha(), purchases.a(), purchases.b(), spend.p(),
                spend.q(), spend.v(), monthlyDiscount}) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("lifetime-value parameters must be finite: " + purchases + ", "
                        + spend + ", discount " + monthlyDiscount);
            }
        }
        // The closed forms hold for any a > 0 (analytic continuation; checked against numerical integration) but
        // divide by a - 1, and the hypergeometric series needs a + b > 1; the population mean spend needs q > 1.
        if (Math.abs(purchases.a() - 1) < 1e-6 || !(purchases.a() + purchases.b() > 1) || !(spend.q() > 1)) {
            throw new IllegalArgumentException("the expected purchases need a != 1 and a + b > 1, the expected spend"
                    + " q > 1: a=" + purchases.a() + ", b=" + purchases.b() + ", q=" + spend.q());
        }
    }

    /**
     * One customer's scores.
     *
     * @param pAlive             probability that the customer is still active
     * @param expectedPurchases  expected purchase days within the outlook
     * @param lifetimeValue      discounted expected spend over the horizon
     */
    /** The horizons segstream scores with: 90 days of expected purchases, 12 months of value at 1% a month. */
    public static ClvModel withDefaultHorizons(BgNbd purchases, GammaGamma spend) {
        return new ClvModel(purchases, spend, 90, 12, 0.01);
    }

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
