package io.segstream.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.segstream.core.clv.ClvFit;
import io.segstream.core.clv.ClvModel;
import io.segstream.core.clv.PurchaseHistory;
import io.segstream.core.clv.RepeatSummary;
import io.segstream.core.features.Features;

/**
 * The lifetime-value models fitted on the whole file, as the trainer fits them on a snapshot, and each customer's
 * scores at the file's end, as the stream computes them: the same core code on the same purchase histories.
 *
 * @param model            the fitted models with segstream's horizons (90 days, 12 months at 1% a month)
 * @param purchasesLogLikelihood BG/NBD log-likelihood at the fit
 * @param pAlive           per customer of the table, in its order; NaN without a purchase history
 * @param expectedPurchases expected purchase days in the next 90 days, the same way
 * @param lifetimeValue    discounted 12-month value, the same way
 */
public record ClvScores(ClvModel model, double purchasesLogLikelihood, double[] pAlive, double[] expectedPurchases,
                        double[] lifetimeValue) {

    /**
     * Fits and scores.
     *
     * @param ids      the table's customers
     * @param features every customer's features at the file's end
     * @param asOfMillis the file's end
     * @throws IllegalArgumentException when no customer has a repeat purchase, or the fit cannot be used
     */
    public static ClvScores of(List<String> ids, Map<String, Features> features, long asOfMillis) {
        long endDay = PurchaseHistory.dayOf(asOfMillis);
        List<RepeatSummary> summaries = new ArrayList<>();
        for (Features f : features.values()) {
            if (f.purchases() != null) {
                summaries.add(f.purchases().summaryAt(endDay));
            }
        }
        ClvFit.LifetimeFit fit = ClvFit.lifetime(summaries);
        ClvModel model = fit.model();
        int n = ids.size();
        double[] alive = new double[n];
        double[] expected = new double[n];
        double[] value = new double[n];
        Arrays.fill(alive, Double.NaN);
        Arrays.fill(expected, Double.NaN);
        Arrays.fill(value, Double.NaN);
        for (int i = 0; i < n; i++) {
            PurchaseHistory h = features.get(ids.get(i)).purchases();
            if (h != null) {
                ClvModel.Scores s = model.score(h, endDay);
                alive[i] = s.pAlive();
                expected[i] = s.expectedPurchases();
                value[i] = s.lifetimeValue();
            }
        }
        return new ClvScores(model, fit.purchases().logLikelihood(), alive, expected, value);
    }

    /**
     * One segment's lifetime values.
     *
     * @param customers         customers of the segment with a purchase history
     * @param meanPAlive        mean P(alive)
     * @param meanExpected      mean expected purchase days in 90 days
     * @param meanValue         mean 12-month value
     * @param totalValue        summed 12-month value
     */
    public record SegmentValue(int customers, double meanPAlive, double meanExpected, double meanValue,
                               double totalValue) {
    }

    /** Per segment label {@code 0..k-1} of the table's rows. */
    public List<SegmentValue> bySegment(int[] labels, int k) {
        int[] count = new int[k];
        double[] alive = new double[k];
        double[] expected = new double[k];
        double[] value = new double[k];
        for (int i = 0; i < labels.length; i++) {
            if (!Double.isNaN(pAlive[i])) {
                int c = labels[i];
                count[c]++;
                alive[c] += pAlive[i];
                expected[c] += expectedPurchases[i];
                value[c] += lifetimeValue[i];
            }
        }
        List<SegmentValue> out = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            int m = Math.max(1, count[c]);
            out.add(new SegmentValue(count[c], alive[c] / m, expected[c] / m, value[c] / m, value[c]));
        }
        return out;
    }
}
