package io.segstream.stream.scoring;

import static io.segstream.stream.testing.TopologyFixture.invoice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.segstream.avro.ChangeCause;
import io.segstream.avro.CustomerSegment;
import io.segstream.avro.SegmentChange;
import io.segstream.avro.SegmentModel;
import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.stream.features.AgingSchedule;
import io.segstream.stream.testing.TestModels;
import io.segstream.stream.testing.TopologyFixture;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The compacted current-segment topic against the change events it follows, with the two-segment model of
 * {@link ScoringTopologyTest}: "Active" at recency 0 and monetary 100, "Lapsed" at recency 100 and monetary 0 (v1),
 * then Lapsed moved to monetary 40 (v2).
 */
class CurrentSegmentsTopologyTest {

    private static final List<String> FEATURES = List.of("recency", "monetary");
    private static final int ACTIVE = 1;
    private static final int LAPSED = 2;
    private static final Instant REQUEST = Instant.parse("2011-06-01T00:00:00Z");
    private TopologyFixture fx;

    private static SegmentModel model(long version, double[] lapsed) {
        return TestModels.identity(version, FEATURES, new int[] {ACTIVE, LAPSED}, new String[] {"Active", "Lapsed"},
                new double[][] {{0, 100}, lapsed});
    }

    @BeforeEach
    void start() {
        fx = new TopologyFixture(CleaningPolicy.defaults(), AgingSchedule.NONE, 2);
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void givenMovesModelUpdatesAndAnErasure_whenDone_thenEachCustomersCurrentSegmentIsItsLastChange() {
        fx.publish(model(1, new double[] {100, 0}));
        fx.send(invoice("0", "c0", "2011-03-01T10:00:00Z", "A", 1, "10.00"));
        fx.send(invoice("1", "c1", "2011-03-01T10:01:00Z", "A", 1, "200.00"));
        fx.send(invoice("2", "c2", "2011-03-01T10:02:00Z", "A", 1, "80.00"));
        fx.send(invoice("3", "c3", "2011-03-01T10:03:00Z", "A", 1, "30.00"));
        // A return of twice what c2 bought: monetary -80 is nearer Lapsed.
        fx.send(invoice("C4", "c2", "2011-03-01T11:00:00Z", "A", -2, "80.00"));
        // v2 moves Lapsed to monetary 40: c0 (10) and c3 (30) follow it, c1 (200) stays Active, c2 stays Lapsed.
        fx.publish(model(2, new double[] {0, 40}));
        for (int i = 0; i < 3; i++) {
            fx.driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
        fx.erase("c2", REQUEST);

        List<KeyValue<String, SegmentChange>> changes = fx.changes.readKeyValuesToList();
        List<KeyValue<String, CustomerSegment>> written = fx.segments.readKeyValuesToList();

        assertEquals(List.of("c0", "c1", "c2", "c3", "c2", "c0", "c3", "c2"), changes.stream().map(kv -> kv.key)
                .toList());
        assertEquals(changes.stream().map(kv -> kv.key).toList(), written.stream().map(kv -> kv.key).toList(),
                "one current-segment record per change, in the same order");
        Map<String, SegmentChange> lastChange = new HashMap<>();
        changes.forEach(kv -> lastChange.put(kv.key, kv.value));
        Map<String, CustomerSegment> table = table(written);
        assertEquals(ChangeCause.ERASED, lastChange.get("c2").getCause());
        assertEquals(Set.of("c0", "c1", "c3"), table.keySet(), "the erased customer is gone from the table");
        assertNull(written.getLast().value, "its last record is a tombstone");
        for (var entry : table.entrySet()) {
            assertSameState(lastChange.get(entry.getKey()), entry.getValue());
        }

        CustomerSegment c0 = table.get("c0");
        assertEquals(LAPSED, c0.getSegmentId());
        assertEquals("Lapsed", c0.getSegmentName());
        assertEquals("rfm", c0.getModelName());
        assertEquals(2L, c0.getModelVersion());
        assertEquals(ChangeCause.MODEL_UPDATE, lastChange.get("c0").getCause());
        CustomerSegment c1 = table.get("c1");
        assertEquals(ACTIVE, c1.getSegmentId());
        assertEquals("Active", c1.getSegmentName());
        // v2 kept c1 where v1 put it: no change, so the table still names the model version that placed it.
        assertEquals(1L, c1.getModelVersion());
        assertEquals(Instant.parse("2011-03-01T10:01:00Z"), c1.getSince());
        assertEquals(LAPSED, table.get("c3").getSegmentId());
        assertEquals(2L, table.get("c3").getModelVersion());
    }

    @Test
    void givenAnErasedCustomer_whenAnOlderThenANewerInvoiceArrive_thenTombstoneThenANewCurrentSegment() {
        fx.publish(model(1, new double[] {100, 0}));
        fx.send(invoice("1", "c1", "2011-03-01T10:00:00Z", "A", 1, "90.00"));
        CustomerSegment before = fx.segments.readValue();
        assertEquals(ACTIVE, before.getSegmentId());
        assertEquals(Instant.parse("2011-03-01T10:00:00Z"), before.getSince());

        fx.erase("c1", REQUEST);

        assertEquals(List.of(KeyValue.pair("c1", (CustomerSegment) null)), fx.segments.readKeyValuesToList());
        fx.send(invoice("2", "c1", "2011-05-31T23:59:59Z", "A", 1, "90.00"));
        assertTrue(fx.segments.isEmpty(), "an invoice from before the request does not bring the customer back");

        fx.send(invoice("3", "c1", "2011-06-02T09:00:00Z", "A", 1, "90.00"));

        List<KeyValue<String, CustomerSegment>> again = fx.segments.readKeyValuesToList();
        assertEquals(1, again.size());
        CustomerSegment fresh = again.getFirst().value;
        assertNotNull(fresh);
        assertEquals("c1", fresh.getCustomerId());
        assertEquals(ACTIVE, fresh.getSegmentId());
        assertEquals(1L, fresh.getModelVersion());
        assertEquals(Instant.parse("2011-06-02T09:00:00Z"), fresh.getSince(), "since its new first assignment");
    }

    @Test
    void givenFeaturesBeforeAnyModel_whenTheFirstModelLands_thenTheTableFillsWithTheFirstAssignments() {
        fx.send(invoice("1", "c1", "2011-03-01T10:00:00Z", "A", 1, "90.00"));
        fx.send(invoice("2", "c2", "2011-03-01T10:01:00Z", "A", 1, "80.00"));
        fx.send(invoice("C3", "c2", "2011-03-01T10:02:00Z", "A", -2, "80.00"));
        fx.driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertTrue(fx.segments.isEmpty(), "no model, no segment");

        fx.publish(model(1, new double[] {100, 0}));
        fx.driver.advanceWallClockTime(Duration.ofSeconds(1));

        Map<String, CustomerSegment> table = table(fx.segments.readKeyValuesToList());
        assertEquals(List.of("c1", "c2"), List.copyOf(table.keySet()));
        assertEquals(ACTIVE, table.get("c1").getSegmentId());
        assertEquals(LAPSED, table.get("c2").getSegmentId());
        Map<String, SegmentChange> changes = new HashMap<>();
        fx.changes.readKeyValuesToList().forEach(kv -> changes.put(kv.key, kv.value));
        table.forEach((customer, segment) -> assertSameState(changes.get(customer), segment));
    }

    /** What a consumer of the compacted topic holds after reading {@code records}: the latest value per key. */
    private static Map<String, CustomerSegment> table(List<KeyValue<String, CustomerSegment>> records) {
        Map<String, CustomerSegment> table = new LinkedHashMap<>();
        for (var kv : records) {
            if (kv.value == null) {
                table.remove(kv.key);
            } else {
                table.put(kv.key, kv.value);
            }
        }
        return table;
    }

    private static void assertSameState(SegmentChange change, CustomerSegment segment) {
        String customer = change.getCustomerId();
        assertEquals(customer, segment.getCustomerId());
        assertEquals(change.getToSegmentId(), segment.getSegmentId(), customer);
        assertEquals(change.getToSegmentName(), segment.getSegmentName(), customer);
        assertEquals(change.getToModelVersion(), segment.getModelVersion(), customer);
        assertEquals(change.getEventTime(), segment.getSince(), customer);
        assertEquals("rfm", segment.getModelName(), customer);
    }
}
