package io.segstream.stream.scoring;

import static io.segstream.stream.testing.TopologyFixture.invoice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.segstream.avro.ChangeCause;
import io.segstream.avro.ExplanationKind;
import io.segstream.avro.FeatureContribution;
import io.segstream.avro.SegmentChange;
import io.segstream.avro.SegmentModel;
import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.stream.features.AgingSchedule;
import io.segstream.stream.testing.TestModels;
import io.segstream.stream.testing.TopologyFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Scoring with a two-segment model over (recency, monetary) in original units: "Active" sits at recency 0 and
 * monetary 100, "Lapsed" at recency 100 and monetary 0, so a customer with monetary 50 is Active while its recency is
 * below 50 and Lapsed above.
 */
class ScoringTopologyTest {

    private static final List<String> FEATURES = List.of("recency", "monetary");
    private static final int ACTIVE = 1;
    private static final int LAPSED = 2;
    private TopologyFixture fx;

    private static SegmentModel model(long version, double[] active, double[] lapsed) {
        return TestModels.identity(version, FEATURES, new int[] {ACTIVE, LAPSED}, new String[] {"Active", "Lapsed"},
                new double[][] {active, lapsed});
    }

    private static SegmentModel v1() {
        return model(1, new double[] {0, 100}, new double[] {100, 0});
    }

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void givenFeaturesBeforeAnyModel_whenFirstModelLands_thenEveryoneAssignedOnce() {
        fx = new TopologyFixture(CleaningPolicy.defaults(), AgingSchedule.DEFAULT, 2);
        for (int c = 0; c < 5; c++) {
            fx.send(invoice("i" + c, "c" + c, "2011-03-01T10:0" + c + ":00Z", "A", 1, "50.00"));
        }
        fx.driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertTrue(fx.changes.isEmpty());

        fx.publish(v1());
        fx.driver.advanceWallClockTime(Duration.ofSeconds(1));
        fx.driver.advanceWallClockTime(Duration.ofSeconds(1));

        List<SegmentChange> changes = fx.changes.readValuesToList();
        assertEquals(5, changes.size());
        assertEquals(List.of("c0", "c1", "c2", "c3", "c4"), changes.stream().map(SegmentChange::getCustomerId).toList());
        for (SegmentChange change : changes) {
            assertEquals(ChangeCause.FIRST_ASSIGNMENT, change.getCause());
            assertEquals(ACTIVE, change.getToSegmentId());
            assertNull(change.getFromSegmentId());
            assertEquals(1L, change.getToModelVersion());
            assertEquals(Math.hypot(1, 50), change.getDistance(), 1e-9);
            assertEquals(Math.hypot(99, 50) - Math.hypot(1, 50), change.getMargin(), 1e-9);
        }
    }

    @Test
    void givenRepeatPurchasesInSameSegment_whenScored_thenOnlyTheFirstAssignmentIsAChange() {
        fx = new TopologyFixture(CleaningPolicy.defaults(), AgingSchedule.DEFAULT);
        fx.publish(v1());

        fx.send(invoice("1", "c1", "2011-03-01T10:00:00Z", "A", 1, "50.00"));
        fx.send(invoice("2", "c1", "2011-03-02T10:00:00Z", "A", 1, "20.00"));
        fx.send(invoice("3", "c1", "2011-03-03T10:00:00Z", "B", 1, "30.00"));

        List<SegmentChange> changes = fx.changes.readValuesToList();
        assertEquals(1, changes.size());
        assertEquals(ChangeCause.FIRST_ASSIGNMENT, changes.getFirst().getCause());
        assertEquals(3, fx.scoring.scored());
    }

    @Test
    void givenBigReturn_whenScored_thenBehaviourChange() {
        fx = new TopologyFixture(CleaningPolicy.defaults(), AgingSchedule.DEFAULT);
        fx.publish(model(1, new double[] {0, 100}, new double[] {0, -100}));
        fx.send(invoice("1", "c1", "2011-03-01T10:00:00Z", "A", 1, "80.00"));

        fx.send(invoice("C2", "c1", "2011-03-01T11:00:00Z", "A", -2, "80.00"));

        List<SegmentChange> changes = fx.changes.readValuesToList();
        assertEquals(2, changes.size());
        SegmentChange moved = changes.get(1);
        assertEquals(ChangeCause.BEHAVIOUR, moved.getCause());
        assertEquals(ACTIVE, moved.getFromSegmentId());
        assertEquals(LAPSED, moved.getToSegmentId());
        assertEquals(-80.0, moved.getFeatures().getMonetary(), 1e-9);
    }

    @Test
    void givenIdleCustomer_whenRecencyAlonePassesTheBoundary_thenAgingChange() {
        fx = new TopologyFixture(CleaningPolicy.defaults(), AgingSchedule.DEFAULT);
        fx.publish(v1());
        fx.send(invoice("1", "idle", "2011-03-01T10:00:00Z", "A", 1, "50.00"));
        Instant start = Instant.parse("2011-03-01T10:01:00Z");
        for (int day = 1; day <= 70; day++) {
            fx.send(invoice("b" + day, "busy", start.plusSeconds(day * 86_400L).toString(), "B", 1, "100.00"));
            fx.driver.advanceWallClockTime(Duration.ofSeconds(1));
        }

        List<SegmentChange> idle = fx.changes.readValuesToList().stream()
                .filter(c -> c.getCustomerId().equals("idle")).toList();

        assertEquals(2, idle.size());
        SegmentChange aged = idle.get(1);
        assertEquals(ChangeCause.AGING, aged.getCause());
        assertEquals(LAPSED, aged.getToSegmentId());
        assertEquals("Lapsed", aged.getToSegmentName());
        assertTrue(aged.getFeatures().getRecencyDays() > 50, "recency " + aged.getFeatures().getRecencyDays());
        assertEquals(1, aged.getFeatures().getFrequency());

        // The first assignment is explained by its margin over the runner-up, Lapsed.
        SegmentChange first = idle.get(0);
        assertEquals(ExplanationKind.NEAREST_SEGMENT, first.getExplanationKind());
        double[] z = {first.getFeatures().getRecencyDays(), first.getFeatures().getMonetary()};
        assertEquals(squared(z, LAPSED_AT) - squared(z, ACTIVE_AT), first.getExplanationTotal(), 1e-9);
        // Aging moved recency alone: its contribution is 2 (Lapsed - Active)_recency (after - before) = 200 days
        // moved, monetary's is 0, and the total is the change of |z - Active|^2 - |z - Lapsed|^2.
        assertEquals(ExplanationKind.CUSTOMER_MOVED, aged.getExplanationKind());
        FeatureContribution recency = aged.getExplanation().get(0);
        FeatureContribution monetary = aged.getExplanation().get(1);
        assertEquals("recency", recency.getFeature());
        assertEquals(aged.getFeatures().getRecencyDays(), recency.getAfter());
        assertTrue(recency.getBefore() < recency.getAfter());
        assertEquals(200 * (recency.getAfter() - recency.getBefore()), recency.getContribution(), 1e-9);
        assertEquals("monetary", monetary.getFeature());
        assertEquals(0, monetary.getContribution(), 1e-9);
        double[] before = {recency.getBefore(), monetary.getBefore()};
        double[] after = {recency.getAfter(), monetary.getAfter()};
        double total = squared(after, ACTIVE_AT) - squared(after, LAPSED_AT)
                - (squared(before, ACTIVE_AT) - squared(before, LAPSED_AT));
        assertEquals(total, aged.getExplanationTotal(), 1e-9);
        assertEquals(1, recency.getShare(), 1e-12);

        // The history store keeps both changes, newest first, and reads back as the same explanation.
        var history = new ChangeHistoryCodec().decode(fx.driver.<String, byte[]>getKeyValueStore(
                ScoringStores.HISTORY).get("idle"));
        assertEquals(List.of(ChangeCause.AGING, ChangeCause.FIRST_ASSIGNMENT),
                history.stream().map(d -> d.getCause()).toList());
        SegmentChange read = ChangeHistoryCodec.toChange("idle", history.getFirst(), FEATURES, id -> "s" + id);
        assertEquals(ExplanationKind.CUSTOMER_MOVED, read.getExplanationKind());
        assertEquals("recency", read.getExplanation().getFirst().getFeature());
        assertEquals((float) recency.getContribution(), read.getExplanation().getFirst().getContribution(), 1e-9);
        assertEquals((float) aged.getExplanationTotal(), read.getExplanationTotal(), 1e-9);
    }

    private static final double[] ACTIVE_AT = {0, 100};
    private static final double[] LAPSED_AT = {100, 0};

    private static double squared(double[] a, double[] b) {
        return (a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]);
    }

    @Test
    void givenNewModelVersion_whenRescoredInChunks_thenModelUpdateOnlyWhereSegmentDiffers() {
        fx = new TopologyFixture(CleaningPolicy.defaults(), AgingSchedule.DEFAULT, 2);
        fx.publish(v1());
        String[] spend = {"10.00", "30.00", "60.00", "90.00", "200.00"};
        for (int c = 0; c < spend.length; c++) {
            fx.send(invoice("i" + c, "c" + c, "2011-03-01T10:0" + c + ":00Z", "A", 1, spend[c]));
        }
        assertEquals(5, fx.changes.readValuesToList().size());

        // v2 moves "Lapsed" up to monetary 40: customers spending 10 and 30 now sit nearer to it.
        fx.publish(model(2, new double[] {0, 100}, new double[] {0, 40}));
        for (int i = 0; i < 3; i++) {
            fx.driver.advanceWallClockTime(Duration.ofSeconds(1));
        }

        List<SegmentChange> updates = fx.changes.readValuesToList();
        assertEquals(List.of("c0", "c1", "c2"), updates.stream().map(SegmentChange::getCustomerId).toList());
        for (SegmentChange update : updates) {
            assertEquals(ChangeCause.MODEL_UPDATE, update.getCause());
            assertEquals(1L, update.getFromModelVersion());
            assertEquals(2L, update.getToModelVersion());
        }
        assertEquals(LAPSED, updates.get(0).getToSegmentId());
        assertEquals(LAPSED, updates.get(2).getToSegmentId());
        assertEquals(2, fx.scoring.modelVersion());
        // The boundary moved, not the customer: Lapsed's centroid went from monetary 0 to 40, and the total is the
        // change of |z - Active|^2 - |z - Lapsed|^2 from v1's centroids to v2's.
        double[] lapsedV2 = {0, 40};
        for (SegmentChange update : updates) {
            assertEquals(ExplanationKind.BOUNDARY_MOVED, update.getExplanationKind());
            double[] z = {update.getFeatures().getRecencyDays(), update.getFeatures().getMonetary()};
            double total = squared(z, ACTIVE_AT) - squared(z, lapsedV2)
                    - (squared(z, ACTIVE_AT) - squared(z, LAPSED_AT));
            assertEquals(total, update.getExplanationTotal(), 1e-9);
            FeatureContribution top = update.getExplanation().getFirst();
            assertEquals("recency", top.getFeature(), "recency: Lapsed moved from 100 to 0 days");
            assertEquals(100, top.getBefore());
            assertEquals(0, top.getAfter());
            assertEquals(total, update.getExplanation().stream().mapToDouble(FeatureContribution::getContribution)
                    .sum(), 1e-9);
        }
    }

    @Test
    void givenRejectedModels_whenPublished_thenCountedAndCurrentModelStays() {
        fx = new TopologyFixture(CleaningPolicy.defaults(), AgingSchedule.DEFAULT);
        fx.publish(v1());
        fx.send(invoice("1", "c1", "2011-03-01T10:00:00Z", "A", 1, "50.00"));

        fx.publish(TestModels.identity(2, List.of("recency", "shoe_size"), new int[] {1, 2},
                new String[] {"A", "B"}, new double[][] {{0, 0}, {1, 1}}));
        fx.publish(model(3, new double[] {0, Double.NaN}, new double[] {100, 0}));
        fx.publish(TestModels.identity(4, List.of("recency"), new int[] {1, 2}, new String[] {"A", "B"},
                new double[][] {{0}, {100}}));
        fx.send(invoice("2", "c1", "2011-03-01T11:00:00Z", "A", 1, "1.00"));

        assertEquals(3, fx.scoring.rejectedModels());
        assertEquals(1, fx.scoring.modelVersion());
        assertEquals(1, fx.changes.readValuesToList().size());
        assertEquals(2, fx.scoring.scored());
    }
}
