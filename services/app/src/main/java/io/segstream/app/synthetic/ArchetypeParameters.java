package io.segstream.app.synthetic;

/**
 * How customers of one {@link Archetype} buy. Counts and amounts are log-normal: basket sizes, unit prices and
 * quantities of retail data are right-skewed over orders of magnitude, and a log-normal is fitted by the mean
 * and standard deviation of the logarithms, which outliers such as a 38,970 unit price barely move.
 *
 * @param customerShare fraction of customers of this archetype, in (0, 1]
 * @param purchasesMean mean purchases per customer, at least 1; the count is geometric, so after each purchase
 *     the customer stops buying with probability {@code 1 / purchasesMean}
 * @param gapDaysMean mean days between two purchases of one customer (exponential gaps)
 * @param basketLogMean mean of ln(product lines per invoice)
 * @param basketLogSd standard deviation of ln(product lines per invoice)
 * @param priceLogMean mean of ln(unit price)
 * @param priceLogSd standard deviation of ln(unit price)
 * @param quantityLogMean mean of ln(units per line)
 * @param quantityLogSd standard deviation of ln(units per line)
 */
public record ArchetypeParameters(double customerShare, double purchasesMean, double gapDaysMean,
                                  double basketLogMean, double basketLogSd, double priceLogMean, double priceLogSd,
                                  double quantityLogMean, double quantityLogSd) {

    /** Rejects parameters the generator cannot sample from. */
    public ArchetypeParameters {
        if (!(customerShare > 0 && customerShare <= 1)) {
            throw new IllegalArgumentException("customerShare must be in (0, 1], got " + customerShare);
        }
        if (!(purchasesMean >= 1)) {
            throw new IllegalArgumentException("purchasesMean must be at least 1, got " + purchasesMean);
        }
        if (!(gapDaysMean > 0)) {
            throw new IllegalArgumentException("gapDaysMean must be positive, got " + gapDaysMean);
        }
        if (!(basketLogSd >= 0 && priceLogSd >= 0 && quantityLogSd >= 0)) {
            throw new IllegalArgumentException("standard deviations must not be negative");
        }
    }

    /** Mean product lines per invoice of the fitted log-normal, before rounding. */
    public double basketMean() {
        return logNormalMean(basketLogMean, basketLogSd);
    }

    /** Mean unit price of the fitted log-normal. */
    public double priceMean() {
        return logNormalMean(priceLogMean, priceLogSd);
    }

    /** Mean units per line of the fitted log-normal, before rounding. */
    public double quantityMean() {
        return logNormalMean(quantityLogMean, quantityLogSd);
    }

    /** Probability that a customer stops buying after a purchase. */
    public double churnProbability() {
        return 1.0 / purchasesMean;
    }

    static double logNormalMean(double mu, double sigma) {
        return Math.exp(mu + sigma * sigma / 2);
    }
}
