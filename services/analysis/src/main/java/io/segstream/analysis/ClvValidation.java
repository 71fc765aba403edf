package io.segstream.analysis;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import io.segstream.core.clv.BgNbd;
import io.segstream.core.clv.ClvFit;
import io.segstream.core.clv.GammaGamma;
import io.segstream.core.clv.RepeatSummary;
import io.segstream.core.invoice.Invoice;

/**
 * The BG/NBD model checked the way Fader, Hardie and Lee check it (their Figure 3): fitted on the first three
 * quarters of the file's time span, it predicts each customer's repeat purchase days in the last quarter (in whole
 * weeks), which are then counted. Purchases are purchase days (invoices of one day merged) of invoices that are not
 * returns and have a positive amount. The split is relative to the file, so it works the same on any file: for
 * Online Retail, the holdout is 13 weeks and calibration runs to 2011-09-09.
 *
 * @param firstDay       the first purchase day in the file
 * @param calibrationEnd the last day of the calibration period
 * @param lastDay        the last purchase day in the file, the end of the holdout
 * @param holdoutWeeks   the holdout's length in weeks
 * @param customers      customers who bought in the calibration period (the ones predicted)
 * @param model          the BG/NBD model fitted on the calibration period
 * @param logLikelihood  its log-likelihood
 * @param spend          the Gamma-Gamma model of the calibration period's repeat spend, null when no customer repeated
 * @param expectedTotal  the repeat purchase days predicted in the holdout, all customers
 * @param actualTotal    the repeat purchase days counted in the holdout
 * @param meanAbsoluteError per customer, |predicted - counted|, averaged
 * @param buckets        the same per number of calibration repeat purchases: 0, 1, ..., 6, 7+
 */
public record ClvValidation(LocalDate firstDay, LocalDate calibrationEnd, LocalDate lastDay, double holdoutWeeks,
                            int customers, BgNbd model, double logLikelihood, GammaGamma spend, double expectedTotal,
                            long actualTotal, double meanAbsoluteError, List<Bucket> buckets) {

    /** Share of the file's span used for calibration. */
    public static final double CALIBRATION_SHARE = 0.75;
    private static final int TOP_BUCKET = 7;

    /**
     * Customers with a given number of calibration repeat purchases.
     *
     * @param label        {@code "0"} .. {@code "6"}, {@code "7+"}
     * @param customers    how many
     * @param meanExpected mean predicted holdout purchases
     * @param meanActual   mean counted holdout purchases
     */
    public record Bucket(String label, int customers, double meanExpected, double meanActual) {
    }

    /** Collects each customer's spend per purchase day from invoices; returns and invoices without customer skipped. */
    public static final class PurchaseDays {

        private final Map<String, NavigableMap<LocalDate, Double>> days = new HashMap<>();

        /** Counts the invoice if it is a purchase of a known customer. */
        public void accept(Invoice invoice) {
            long amount = invoice.amountE4();
            if (invoice.customerId() == null || invoice.isCancellation() || amount <= 0) {
                return;
            }
            LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(invoice.invoiceTimeMillis()), ZoneOffset.UTC);
            days.computeIfAbsent(invoice.customerId(), c -> new TreeMap<>()).merge(day, amount / 10_000.0,
                    Double::sum);
        }

        /** Customer id to spend per purchase day. */
        public Map<String, NavigableMap<LocalDate, Double>> byCustomer() {
            return days;
        }
    }

    /**
     * Fits on the calibration period and counts the holdout.
     *
     * @throws IllegalArgumentException when the file spans fewer than 28 days or no customer bought in calibration
     */
    public static ClvValidation of(Map<String, NavigableMap<LocalDate, Double>> purchaseDays) {
        LocalDate first = purchaseDays.values().stream().map(NavigableMap::firstKey).min(LocalDate::compareTo)
                .orElseThrow(() -> new IllegalArgumentException("no purchases"));
        LocalDate last = purchaseDays.values().stream().map(NavigableMap::lastKey).max(LocalDate::compareTo)
                .orElseThrow();
        long span = ChronoUnit.DAYS.between(first, last);
        if (span < 28) {
            throw new IllegalArgumentException("the file spans " + span + " days; a holdout of whole weeks needs"
                    + " at least 28");
        }
        // The holdout is the span's last quarter in whole weeks: the models count time in weeks.
        long holdoutWeeksWhole = (long) Math.floor(span * (1 - CALIBRATION_SHARE) / 7);
        LocalDate calibrationEnd = last.minusWeeks(holdoutWeeksWhole);
        double holdoutWeeks = holdoutWeeksWhole;
        List<RepeatSummary> calibration = new ArrayList<>();
        List<Integer> holdout = new ArrayList<>();
        for (NavigableMap<LocalDate, Double> days : purchaseDays.values()) {
            NavigableMap<LocalDate, Double> before = days.headMap(calibrationEnd, true);
            if (!before.isEmpty()) {
                calibration.add(RepeatSummary.of(before, calibrationEnd));
                holdout.add(days.size() - before.size());
            }
        }
        if (calibration.isEmpty()) {
            throw new IllegalArgumentException("no customer bought before " + calibrationEnd);
        }
        ClvFit.BgNbdFit fit = ClvFit.bgNbd(calibration);
        GammaGamma spend = calibration.stream().anyMatch(c -> c.x() > 0)
                ? ClvFit.gammaGamma(calibration).model() : null;
        double[] expectedSum = new double[TOP_BUCKET + 1];
        long[] actualSum = new long[TOP_BUCKET + 1];
        int[] count = new int[TOP_BUCKET + 1];
        double expectedTotal = 0;
        long actualTotal = 0;
        double absoluteError = 0;
        for (int i = 0; i < calibration.size(); i++) {
            RepeatSummary c = calibration.get(i);
            double expected = fit.model().expectedPurchases(holdoutWeeks, c.x(), c.tx(), c.T());
            int actual = holdout.get(i);
            int bucket = Math.min(c.x(), TOP_BUCKET);
            expectedSum[bucket] += expected;
            actualSum[bucket] += actual;
            count[bucket]++;
            expectedTotal += expected;
            actualTotal += actual;
            absoluteError += Math.abs(expected - actual);
        }
        List<Bucket> buckets = new ArrayList<>();
        for (int b = 0; b <= TOP_BUCKET; b++) {
            if (count[b] > 0) {
                buckets.add(new Bucket(b == TOP_BUCKET ? TOP_BUCKET + "+" : String.valueOf(b), count[b],
                        expectedSum[b] / count[b], actualSum[b] / (double) count[b]));
            }
        }
        return new ClvValidation(first, calibrationEnd, last, holdoutWeeks, calibration.size(), fit.model(),
                fit.logLikelihood(), spend, expectedTotal, actualTotal, absoluteError / calibration.size(),
                List.copyOf(buckets));
    }
}
