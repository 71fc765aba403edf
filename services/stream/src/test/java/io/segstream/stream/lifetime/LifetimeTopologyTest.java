package io.segstream.stream.lifetime;

import static io.segstream.stream.testing.TopologyFixture.invoice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.LifetimeValueModel;
import io.segstream.avro.SegmentModel;
import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.stream.features.AgingSchedule;
import io.segstream.stream.testing.TestModels;
import io.segstream.stream.testing.TopologyFixture;
import io.segstream.testing.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Lifetime values through the stream: a customer built to match a row of {@code data/cdnow-sample/clv_reference.csv}
 * (x = 14 repeat purchase days, t_x = 35 weeks, T = 38 weeks, mean repeat spend 80), scored under a model carrying
 * the published CDNOW parameters, gets the script's P(alive), expected purchases and CLV on the features topic.
 */
class LifetimeTopologyTest {

    private static final LocalDate FIRST = LocalDate.of(2011, 1, 3);
    private TopologyFixture fx;

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    /** The published CDNOW fit, with an outlook of 39 weeks (the script's) and 12 months at 1%. */
    private static SegmentModel model(long version, boolean withLifetime) {
        SegmentModel m = TestModels.identity(version, List.of("recency", "monetary"), new int[] {1, 2},
                new String[] {"Active", "Lapsed"}, new double[][] {{0, 100}, {100, 0}});
        LifetimeValueModel clv = LifetimeValueModel.newBuilder().setR(0.243).setAlpha(4.414).setA(0.793)
                .setB(2.426).setP(6.25).setQ(3.74).setV(15.44).setCustomers(2357).setRepeatCustomers(946)
                .setPurchasesLogLikelihood(-9582.4).setSpendLogLikelihood(-4000).setOutlookDays(39 * 7)
                .setHorizonMonths(12).setMonthlyDiscount(0.01).build();
        return SegmentModel.newBuilder(m).setLifetimeValue(withLifetime ? clv : null).build();
    }

    private static String at(LocalDate day, int hour) {
        return day.atTime(hour, 0).toInstant(java.time.ZoneOffset.UTC).toString();
    }

    /** First day 10.00, then 14 repeat days of 70.00 and 90.00 (80.00 on average), the last 35 weeks after the first. */
    private void sendHistory() {
        fx.send(invoice("1", "c", at(FIRST, 9), "A", 1, "10.00"));
        for (int day = 1; day <= 14; day++) {
            LocalDate date = day == 14 ? FIRST.plusWeeks(35) : FIRST.plusDays(day * 10L);
            if (day == 5) {
                // Two invoices on one day are one purchase day of 90.00.
                fx.send(invoice("5a", "c", at(date, 10), "B", 1, "40.00"));
                fx.send(invoice("5b", "c", at(date, 15), "B", 1, "50.00"));
            } else {
                fx.send(invoice(day + "a", "c", at(date, 10), "B", 1, day % 2 == 0 ? "70.00" : "90.00"));
            }
        }
    }

    @Test
    void givenACustomerLikeAReferenceRow_whenScored_thenTheFeaturesCarryTheScriptsValues() throws IOException {
        String row = Files.readAllLines(TestData.dataDir().resolve("cdnow-sample").resolve("clv_reference.csv"))
                .stream().filter(l -> l.startsWith("14,35.0,38.0,80.0,")).findFirst().orElseThrow();
        String[] v = row.split(",");
        fx = new TopologyFixture(CleaningPolicy.defaults(), AgingSchedule.DEFAULT);
        sendHistory();
        CustomerFeatures before = fx.features.readValuesToList().getLast();
        assertEquals(15, before.getPurchaseDays());
        assertEquals(FIRST, before.getFirstPurchaseDay());
        assertEquals(FIRST.plusWeeks(35), before.getLastPurchaseDay());
        assertEquals(14 * 80.0, before.getRepeatSpend(), 1e-9);
        assertNull(before.getPAlive(), "no model yet");

        fx.publish(model(1, true));
        // A return 38 weeks after the first purchase: no purchase day, so T = 38 weeks and x, t_x unchanged.
        fx.send(invoice("C99", "c", at(FIRST.plusWeeks(38), 12), "B", -1, "1.00"));
        CustomerFeatures scored = fx.features.readValuesToList().getLast();
        assertEquals(38 * 7, ChronoUnit.DAYS.between(FIRST, LocalDate.ofInstant(scored.getAsOf(),
                java.time.ZoneOffset.UTC)));
        assertRelative(Double.parseDouble(v[4]), scored.getPAlive(), "P(alive)");
        assertRelative(Double.parseDouble(v[5]), scored.getExpectedPurchases(), "expected purchases, 39 weeks");
        assertRelative(Double.parseDouble(v[7]), scored.getLifetimeValue(), "CLV, 12 months at 1%");

        fx.publish(model(2, false));
        fx.send(invoice("C100", "c", at(FIRST.plusWeeks(38), 13), "B", -1, "1.00"));
        assertNull(fx.features.readValuesToList().getLast().getPAlive(), "a model without a lifetime fit");
    }

    private static void assertRelative(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-9 * Math.max(1, Math.abs(expected)), what);
    }

    /**
     * Lifetime value as the segmentation feature: a one-feature model with "Low" at 0 and "High" at 1,000 puts the
     * reference customer (value 829.22) in High, and a customer with no purchase day (only a return), whose value
     * is missing, at the training mean (0 under this identity transform), in Low.
     */
    @Test
    void givenLifetimeValueAsTheSegmentationFeature_whenScored_thenCustomersSplitByValue() throws IOException {
        String row = Files.readAllLines(TestData.dataDir().resolve("cdnow-sample").resolve("clv_reference.csv"))
                .stream().filter(l -> l.startsWith("14,35.0,38.0,80.0,")).findFirst().orElseThrow();
        double value = Double.parseDouble(row.split(",")[7]);
        fx = new TopologyFixture(CleaningPolicy.defaults(), AgingSchedule.DEFAULT);
        SegmentModel byValue = TestModels.identity(1, List.of("lifetime_value"), new int[] {1, 2},
                new String[] {"Low", "High"}, new double[][] {{0}, {1000}});
        fx.publish(SegmentModel.newBuilder(byValue).setLifetimeValue(model(1, true).getLifetimeValue()).build());
        sendHistory();
        fx.send(invoice("C99", "c", at(FIRST.plusWeeks(38), 12), "B", -1, "1.00"));
        fx.send(invoice("C1", "returns-only", at(FIRST.plusWeeks(38), 13), "B", -1, "5.00"));
        var changes = fx.changes.readValuesToList();
        // The customer crossed into High at the purchase that lifted its value past 500; it stays there.
        var last = changes.stream().filter(c -> c.getCustomerId().equals("c")).toList().getLast();
        assertEquals("High", last.getToSegmentName());
        assertTrue(last.getFeatures().getLifetimeValue() > 500, "value " + last.getFeatures().getLifetimeValue());
        assertEquals(last.getFeatures().getLifetimeValue(), last.getExplanation().getFirst().getAfter(),
                "the value the change explains");
        CustomerFeatures now = fx.features.readValuesToList().stream().filter(f -> f.getCustomerId().equals("c"))
                .toList().getLast();
        assertRelative(value, now.getLifetimeValue(), "the value at 38 weeks");
        var returnsOnly = changes.stream().filter(c -> c.getCustomerId().equals("returns-only")).toList();
        assertEquals(1, returnsOnly.size());
        assertNull(returnsOnly.getFirst().getFeatures().getLifetimeValue());
        assertEquals("Low", returnsOnly.getFirst().getToSegmentName());
    }
}
