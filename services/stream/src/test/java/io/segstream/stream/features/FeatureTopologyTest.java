package io.segstream.stream.features;

import static io.segstream.stream.testing.TopologyFixture.invoice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.FeatureTrigger;
import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.core.cleaning.Outcome;
import io.segstream.core.features.CustomerState;
import io.segstream.stream.testing.TopologyFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FeatureTopologyTest {

    private TopologyFixture fx;

    @BeforeEach
    void start() {
        fx = new TopologyFixture(CleaningPolicy.defaults(), AgingSchedule.DEFAULT);
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private List<CustomerFeatures> featuresOf(String customer) {
        return fx.features.readKeyValuesToList().stream().filter(kv -> kv.key.equals(customer))
                .map(kv -> kv.value).collect(Collectors.toList());
    }

    @Test
    void givenPurchaseThenReturn_whenProcessed_thenReturnSubtractsAndCountsAsInvoice() {
        fx.send(invoice("536365", "17850", "2010-12-01T08:26:00Z", "85123A", 6, "2.55", "71053", 6, "3.39"));
        fx.send(invoice("C536383", "17850", "2010-12-01T09:49:00Z", "85123A", -1, "2.55"));

        List<CustomerFeatures> out = featuresOf("17850");

        assertEquals(2, out.size());
        CustomerFeatures last = out.get(1);
        assertEquals(FeatureTrigger.RETURN, last.getTrigger());
        assertEquals(6 * 2.55 + 6 * 3.39 - 2.55, last.getMonetary(), 1e-9);
        assertEquals(2, last.getFrequency());
        assertEquals(2, last.getUniqueProducts());
        assertEquals(1, last.getRecencyDays());
        assertEquals(last.getMonetary() / 2, last.getAvgSpend(), 1e-12);
        assertEquals(1, fx.counters.outcome(Outcome.ACCEPTED));
        assertEquals(1, fx.counters.outcome(Outcome.RETURN));
    }

    @Test
    void givenLateInvoice_whenProcessed_thenSameTotalsAsInOrderAndRecencyFromStreamTime() {
        fx.send(invoice("2", "c1", "2011-03-10T10:00:00Z", "A", 2, "5.00"));
        fx.send(invoice("3", "c2", "2011-03-20T10:00:00Z", "B", 1, "1.00"));
        fx.send(invoice("1", "c1", "2011-01-05T10:00:00Z", "C", 1, "7.50"));

        CustomerFeatures last = featuresOf("c1").getLast();

        assertEquals(Instant.parse("2011-01-05T10:00:00Z"), last.getFirstPurchase());
        assertEquals(Instant.parse("2011-03-10T10:00:00Z"), last.getLastPurchase());
        assertEquals(Instant.parse("2011-03-20T10:00:00Z"), last.getAsOf());
        assertEquals(11, last.getRecencyDays());
        assertEquals(64, last.getLengthDays());
        assertEquals(17.5, last.getMonetary(), 1e-12);
        assertEquals(2, last.getFrequency());
        assertEquals(2, last.getUniqueProducts());
    }

    @Test
    void givenResentInvoice_whenProcessed_thenIgnoredAndCounted() {
        var first = invoice("536365", "17850", "2010-12-01T08:26:00Z", "85123A", 6, "2.55");
        fx.send(first);
        fx.send(first);

        List<CustomerFeatures> out = featuresOf("17850");

        assertEquals(1, out.size());
        assertEquals(1, fx.counters.duplicateInvoices());
        assertEquals(15.3, out.getFirst().getMonetary(), 1e-12);
    }

    @Test
    void givenOnlyCancellations_whenProcessed_thenNegativeMonetaryAndNoProducts() {
        fx.send(invoice("C1", "c9", "2011-05-01T10:00:00Z", "22423", -2, "12.75"));
        fx.send(invoice("C2", "c9", "2011-05-02T10:00:00Z", "POST", -1, "18.00"));

        CustomerFeatures last = featuresOf("c9").getLast();

        assertEquals(-43.5, last.getMonetary(), 1e-12);
        assertEquals(2, last.getFrequency());
        assertEquals(1, last.getUniqueProducts());
        assertEquals(FeatureTrigger.RETURN, last.getTrigger());
    }

    @Test
    void givenNoCustomer_whenProcessed_thenCountedButNotStored() {
        fx.send(invoice("536544", null, "2010-12-01T14:32:00Z", "21773", 1, "2.51"));

        assertTrue(fx.features.isEmpty());
        assertEquals(1, fx.counters.outcome(Outcome.NOT_SEGMENTABLE));
        assertEquals(null, fx.driver.getKeyValueStore(FeatureStores.CUSTOMER_STATE).get(""));
    }

    @Test
    void givenOldInvoice_whenSixMonthsPass_thenWindowDropsItButTotalsKeepIt() {
        fx.send(invoice("1", "c1", "2011-01-10T10:00:00Z", "A", 1, "10.00"));
        fx.send(invoice("2", "c1", "2011-06-05T10:00:00Z", "A", 1, "20.00"));
        fx.send(invoice("3", "c1", "2011-07-05T10:00:00Z", "B", 1, "40.00"));

        List<CustomerFeatures> out = featuresOf("c1").stream()
                .filter(f -> f.getTrigger() != FeatureTrigger.AGING).toList();

        assertEquals(2, out.get(1).getFrequency6m());
        assertEquals(30.0, out.get(1).getMonetary6m(), 1e-12);
        assertEquals(2, out.get(2).getFrequency6m());
        assertEquals(60.0, out.get(2).getMonetary6m(), 1e-12);
        assertEquals(3, out.get(2).getFrequency());
        assertEquals(70.0, out.get(2).getMonetary(), 1e-12);
    }

    @Test
    void givenIdleCustomer_whenStreamTimeAdvances_thenReEmittedAtCheckpointsWithGrowingRecency() {
        fx.close();
        fx = new TopologyFixture(CleaningPolicy.defaults(), AgingSchedule.parse("1,2,3,4,5,6,7,10,14,21,30,35,60")
                .withoutCatchUp());
        fx.send(invoice("1", "idle", "2011-03-01T12:00:00Z", "A", 1, "10.00"));
        for (int day = 1; day <= 40; day++) {
            Instant t = Instant.parse("2011-03-01T12:00:00Z").plusSeconds(day * 86_400L + 60);
            fx.send(invoice("x" + day, "busy", t.toString(), "B", 1, "1.00"));
        }

        List<CustomerFeatures> aged = fx.features.readKeyValuesToList().stream()
                .filter(kv -> kv.key.equals("idle")).map(kv -> kv.value)
                .filter(f -> f.getTrigger() == FeatureTrigger.AGING).toList();

        List<Integer> recencies = aged.stream().map(CustomerFeatures::getRecencyDays).toList();
        // Day d after the purchase reaches checkpoint d; the purchase was at 12:00 and the clock moves at 12:01.
        assertEquals(List.of(2, 3, 4, 5, 6, 7, 8, 11, 15, 22, 31, 36), recencies);
        for (CustomerFeatures f : aged) {
            long days = Math.floorDiv(f.getAsOf().toEpochMilli() + 86_400_000L
                    - Instant.parse("2011-03-01T12:00:00Z").toEpochMilli(), 86_400_000L);
            assertEquals(days, f.getRecencyDays());
            assertEquals(1, f.getFrequency());
        }
    }

    @Test
    void givenReplayOfHistory_whenCatchingUp_thenAgingRunsWeeklyAndEmitsOncePerStep() {
        // A slow replay: a second of wall-clock time per day of history, so the pause never holds a pass back.
        replayFortyIdleDays(Duration.ofSeconds(1));

        List<Integer> recencies = agingRecencies("idle");

        // Weekly passes on days 7, 14, 21, 28 and 35: checkpoints 1-7, 10-14, 21, none, 30-35, once each.
        assertEquals(List.of(8, 15, 22, 36), recencies);
    }

    @Test
    void givenFastReplayOfHistory_whenUnderASecondPassed_thenAgingWaitsAndTheNextPassEmitsTheLatestRecencyOnce() {
        replayFortyIdleDays(Duration.ZERO);
        List<Integer> heldBack = agingRecencies("idle");
        fx.driver.advanceWallClockTime(Duration.ofSeconds(1));
        List<Integer> afterTheSecond = agingRecencies("idle");

        // 40 days of history within one wall-clock second: the first weekly pass (day 7) runs, later ones wait.
        assertEquals(List.of(8), heldBack);
        // A second later, with no further invoice, one pass covers days 8-40: checkpoints 10-35 crossed meanwhile,
        // emitted once, as of the stream time.
        assertEquals(List.of(41), afterTheSecond);
    }

    /**
     * Customer "idle" buys once on 2011-03-01, then "busy" buys daily for 40 days, {@code wallPerDay} of wall-clock
     * time apart. Stream time in 2011 is years behind the driver's wall clock: the catch-up mode applies.
     */
    private void replayFortyIdleDays(Duration wallPerDay) {
        fx.close();
        fx = new TopologyFixture(CleaningPolicy.defaults(), AgingSchedule.parse("1,2,3,4,5,6,7,10,14,21,30,35"));
        fx.send(invoice("1", "idle", "2011-03-01T12:00:00Z", "A", 1, "10.00"));
        for (int day = 1; day <= 40; day++) {
            Instant t = Instant.parse("2011-03-01T12:00:00Z").plusSeconds(day * 86_400L + 60);
            fx.send(invoice("x" + day, "busy", t.toString(), "B", 1, "1.00"));
            fx.driver.advanceWallClockTime(wallPerDay);
        }
    }

    /** Recencies of the customer's aging records emitted since the last read. */
    private List<Integer> agingRecencies(String customer) {
        return fx.features.readKeyValuesToList().stream()
                .filter(kv -> kv.key.equals(customer)).map(kv -> kv.value)
                .filter(f -> f.getTrigger() == FeatureTrigger.AGING).map(CustomerFeatures::getRecencyDays).toList();
    }

    @Test
    void givenUpdates_whenReadFromStore_thenStoreHoldsLatestState() {
        fx.send(invoice("1", "c1", "2011-01-10T10:00:00Z", "A", 3, "1.25"));

        byte[] stored = fx.driver.<String, byte[]>getKeyValueStore(FeatureStores.CUSTOMER_STATE).get("c1");
        byte[] state = CustomerRecordCodec.state(stored);
        var features = CustomerState.decode(state)
                .features(Instant.parse("2011-01-10T10:00:00Z").toEpochMilli());

        assertEquals(3.75, features.monetary(), 1e-12);
        assertTrue(state.length < 64, "encoded state is " + state.length + " bytes");
    }
}
