package io.segstream.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

import io.segstream.testing.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The calibration/holdout check on Online Retail: the holdout is the last quarter of the span in whole weeks (13
 * weeks, so calibration runs to 2011-09-09), and the counted holdout purchase days equal a plain count over the CSV.
 */
class ClvValidationTest {

    private static final LocalDate CALIBRATION_END = LocalDate.of(2011, 9, 9);
    private static ClvValidation validation;
    private static Map<String, TreeSet<LocalDate>> plainDays;

    @BeforeAll
    static void analyse() throws IOException {
        Path file = TestData.dataDir().resolve("online-retail").resolve("online_retail.csv.gz");
        validation = RetailPreparation.of(file, null, line -> { }).clv();
        plainDays = plainPurchaseDays(file);
    }

    @Test
    void givenOnlineRetail_whenValidated_thenTheSplitIsThreeQuartersOfTheSpan() {
        assertEquals(LocalDate.of(2010, 12, 1), validation.firstDay());
        assertEquals(CALIBRATION_END, validation.calibrationEnd());
        assertEquals(LocalDate.of(2011, 12, 9), validation.lastDay());
        assertEquals(13.0, validation.holdoutWeeks(), 1e-9);
    }

    @Test
    void givenOnlineRetail_whenValidated_thenTheHoldoutCountsEqualAPlainCountOverTheCsv() {
        long calibrated = plainDays.values().stream().filter(d -> !d.first().isAfter(CALIBRATION_END)).count();
        long holdout = plainDays.values().stream().filter(d -> !d.first().isAfter(CALIBRATION_END))
                .mapToLong(d -> d.tailSet(CALIBRATION_END, false).size()).sum();

        assertEquals(calibrated, validation.customers());
        assertEquals(holdout, validation.actualTotal());
        assertEquals(validation.customers(), validation.buckets().stream()
                .mapToInt(ClvValidation.Bucket::customers).sum());
        System.out.printf("Online Retail BG/NBD holdout: %,d customers, predicted %.0f, counted %,d, MAE %.3f; %s%n",
                validation.customers(), validation.expectedTotal(), validation.actualTotal(),
                validation.meanAbsoluteError(), validation.buckets());
    }

    @Test
    void givenOnlineRetail_whenValidated_thenPredictionsTrackTheHoldout() {
        // The model predicts more for customers who bought more, like the counts (Figure 3's rising curves).
        List<ClvValidation.Bucket> b = validation.buckets();
        for (int i = 1; i < b.size(); i++) {
            assertTrue(b.get(i).meanExpected() > b.get(i - 1).meanExpected(), b.toString());
            assertTrue(b.get(i).meanActual() > b.get(i - 1).meanActual(), b.toString());
        }
        // The holdout is the Christmas quarter: BG/NBD has no seasonality and predicts about three quarters of it.
        double ratio = validation.expectedTotal() / validation.actualTotal();
        assertTrue(ratio > 0.7 && ratio < 0.8, "predicted / counted " + ratio);
        assertTrue(validation.meanAbsoluteError() < validation.actualTotal() / (double) validation.customers(),
                "better than zero everywhere");
    }

    /**
     * Customer to the days with a purchase (an invoice without a {@code C} and without a negative line, of positive
     * amount), read without segstream's reader.
     */
    private static Map<String, TreeSet<LocalDate>> plainPurchaseDays(Path gz) throws IOException {
        Map<String, BigDecimal> amount = new HashMap<>();
        Set<String> returns = new HashSet<>();
        Map<String, String[]> invoiceOf = new HashMap<>();
        Set<String> seen = new HashSet<>();
        DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(gz)),
                StandardCharsets.UTF_8))) {
            in.readLine();
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = TestData.split(line);
                String invoice = f[0];
                String customer = f[6].isBlank() ? null : f[6].replace(".0", "");
                if (customer == null || invoice.startsWith("C") || !seen.add(line)) {
                    continue;
                }
                if (Integer.parseInt(f[3]) < 0) {
                    returns.add(invoice);
                }
                amount.merge(invoice, new BigDecimal(f[3]).multiply(new BigDecimal(f[5])), BigDecimal::add);
                invoiceOf.putIfAbsent(invoice, new String[] {customer, f[4]});
            }
        }
        Map<String, TreeSet<LocalDate>> days = new HashMap<>();
        amount.forEach((invoice, total) -> {
            if (total.signum() > 0 && !returns.contains(invoice)) {
                String[] ci = invoiceOf.get(invoice);
                days.computeIfAbsent(ci[0], c -> new TreeSet<>())
                        .add(java.time.LocalDateTime.parse(ci[1], time).toLocalDate());
            }
        });
        return days;
    }
}
