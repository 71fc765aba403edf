package io.segstream.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.segstream.core.clv.ClvFit;
import io.segstream.core.clv.RepeatSummary;
import io.segstream.ingest.TransactionReader;
import io.segstream.core.invoice.Invoice;
import io.segstream.testing.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole-file lifetime values of {@code analyze} on Online Retail. */
class ClvScoresTest {

    private static RetailPreparation prepared;
    private static Path file;

    @BeforeAll
    static void prepare() {
        file = TestData.dataDir().resolve("online-retail").resolve("online_retail.csv.gz");
        prepared = RetailPreparation.of(file, null, line -> { });
    }

    @Test
    void givenOnlineRetail_whenScored_thenTheFitEqualsOneOnThePlainPurchaseDayTallyAtTheFilesEnd() {
        ClvScores scores = prepared.scores();
        assertNotNull(scores);
        ClvValidation.PurchaseDays tally = new ClvValidation.PurchaseDays();
        try (TransactionReader reader = TransactionReader.open(file)) {
            for (Invoice invoice : reader) {
                io.segstream.core.cleaning.Cleaning.clean(invoice, RetailPreparation.POLICY).toApply()
                        .ifPresent(tally::accept);
            }
        }
        LocalDate end = LocalDate.ofInstant(Instant.ofEpochMilli(prepared.asOfMillis()), ZoneOffset.UTC);
        List<RepeatSummary> plain = new ArrayList<>();
        tally.byCustomer().values().forEach(days -> plain.add(RepeatSummary.of(days, end)));
        ClvFit.BgNbdFit fit = ClvFit.bgNbd(plain);
        assertEquals(fit.logLikelihood(), scores.purchasesLogLikelihood(), 1e-4);
        assertEquals(fit.model().r(), scores.model().purchases().r(), 1e-3 * fit.model().r());
        assertEquals(fit.model().alpha(), scores.model().purchases().alpha(), 1e-3 * fit.model().alpha());
    }

    @Test
    void givenOnlineRetailSegments_whenSummed_thenTotalsAddUpAndRecentSegmentsAreMoreAlive() {
        ClvScores scores = prepared.scores();
        int n = prepared.table().size();
        int[] labels = new int[n];
        double[] recency = new double[2];
        int[] count = new int[2];
        // Two groups by recency (at most 90 days, more), so the check needs no clustering.
        for (int i = 0; i < n; i++) {
            labels[i] = prepared.table().values()[i][0] <= 90 ? 0 : 1;
            recency[labels[i]] += prepared.table().values()[i][0];
            count[labels[i]]++;
        }
        var values = scores.bySegment(labels, 2);
        double total = Arrays.stream(scores.lifetimeValue()).filter(v -> !Double.isNaN(v)).sum();
        assertEquals(total, values.get(0).totalValue() + values.get(1).totalValue(), 1e-6 * total);
        assertEquals(n, values.get(0).customers() + values.get(1).customers(),
                "every table customer (monetary > 0) has a purchase day");
        // The fit puts drop-out near zero on this file (a ~ 0.003), so P(alive) is close to 1 everywhere and only
        // its order is asserted; expected purchases and value separate the groups clearly.
        assertTrue(values.get(0).meanPAlive() > values.get(1).meanPAlive(), values.toString());
        assertTrue(values.get(0).meanExpected() > 2 * values.get(1).meanExpected(), values.toString());
        assertTrue(values.get(0).meanValue() > 2 * values.get(1).meanValue(), values.toString());
        for (int i = 0; i < n; i++) {
            double p = scores.pAlive()[i];
            assertTrue(p >= 0 && p <= 1, "P(alive) " + p);
        }
    }
}
