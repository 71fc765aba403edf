package io.segstream.core.clv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

import io.segstream.testing.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fits reproduce the published values on the CDNOW sample, with the definitions of its README (one transaction
 * per customer-day, calibration up to 1997-09-30): BG/NBD r 0.243, alpha 4.414, a 0.793, b 2.426, log-likelihood
 * -9582.4 (Fader, Hardie and Lee 2005); Gamma-Gamma p 6.25, q 3.74, v 15.44 on the 946 repeat customers.
 */
class CdnowFitTest {

    private static final LocalDate CALIBRATION_END = LocalDate.of(1997, 9, 30);
    private static List<RepeatSummary> customers;

    @BeforeAll
    static void read() throws IOException {
        Path file = TestData.dataDir().resolve("cdnow-sample").resolve("CDNOW_sample.txt.gz");
        Map<String, NavigableMap<LocalDate, Double>> days = new TreeMap<>();
        DateTimeFormatter yyyymmdd = DateTimeFormatter.BASIC_ISO_DATE;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.trim().split("\\s+");
                LocalDate day = LocalDate.parse(f[2], yyyymmdd);
                if (!day.isAfter(CALIBRATION_END)) {
                    days.computeIfAbsent(f[1], k -> new TreeMap<>()).merge(day, Double.parseDouble(f[4]),
                            Double::sum);
                }
            }
        }
        customers = new ArrayList<>();
        days.values().forEach(history -> customers.add(RepeatSummary.of(history, CALIBRATION_END)));
    }

    @Test
    void givenTheCdnowSample_whenSummarised_thenItMatchesTheReadme() {
        assertEquals(2_357, customers.size());
        assertEquals(946, customers.stream().filter(c -> c.x() > 0).count());
        assertEquals(38.857, customers.stream().mapToDouble(RepeatSummary::T).max().orElseThrow(), 1e-3);
        var repeat = customers.stream().filter(c -> c.x() > 0).mapToDouble(RepeatSummary::meanRepeatSpend)
                .summaryStatistics();
        assertEquals(35, repeat.getAverage(), 0.5);
    }

    @Test
    void givenTheCdnowSample_whenBgNbdIsFitted_thenThePublishedParametersAndLikelihood() {
        ClvFit.BgNbdFit fit = ClvFit.bgNbd(customers);

        assertEquals(2_357, fit.customers());
        assertEquals(0.243, fit.model().r(), 0.005);
        assertEquals(4.414, fit.model().alpha(), 0.005);
        assertEquals(0.793, fit.model().a(), 0.005);
        assertEquals(2.426, fit.model().b(), 0.005);
        assertEquals(-9582.4, fit.logLikelihood(), 0.1);
        System.out.printf("BG/NBD on CDNOW: r=%.4f alpha=%.4f a=%.4f b=%.4f LL=%.2f%n", fit.model().r(),
                fit.model().alpha(), fit.model().a(), fit.model().b(), fit.logLikelihood());
    }

    @Test
    void givenThePublishedParameters_whenTheConditionalExpectationIsComputed_thenHardiesSpreadsheetValue() {
        BgNbd published = new BgNbd(0.243, 4.414, 0.793, 2.426);

        assertEquals(1.226, published.expectedPurchases(39, 2, 30.43, 38.86), 0.001);
    }

    @Test
    void givenTheCdnowRepeatCustomers_whenGammaGammaIsFitted_thenThePublishedParameters() {
        ClvFit.GammaGammaFit fit = ClvFit.gammaGamma(customers);

        assertEquals(946, fit.customers());
        assertEquals(6.25, fit.model().p(), 0.005);
        assertEquals(3.74, fit.model().q(), 0.005);
        assertEquals(15.44, fit.model().v(), 0.005);
        System.out.printf("Gamma-Gamma on CDNOW: p=%.4f q=%.4f v=%.4f LL=%.2f%n", fit.model().p(), fit.model().q(),
                fit.model().v(), fit.logLikelihood());
    }
}
