package io.segstream.stream.erasure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.segstream.avro.ChangeCause;
import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.ErasureRequest;
import io.segstream.avro.SegmentChange;
import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.stream.features.AgingSchedule;
import io.segstream.stream.features.CustomerRecordCodec;
import io.segstream.stream.features.FeatureStores;
import io.segstream.stream.scoring.ScoringProcessor;
import io.segstream.stream.testing.TestModels;
import io.segstream.stream.testing.TopologyFixture;
import io.segstream.stream.validation.RejectReason;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Erasure through the whole topology: the customer's state, assignment and features go (store deletes, a features
 * tombstone), a last ERASED change leaves its segment, and the request time decides whether a later invoice brings a
 * customer back.
 */
class ErasureTopologyTest {

    private static final Instant REQUEST = Instant.parse("2011-06-01T00:00:00Z");
    private TopologyFixture fx;

    @BeforeEach
    void start() {
        fx = new TopologyFixture(CleaningPolicy.defaults(), AgingSchedule.NONE, 100);
        fx.publish(TestModels.identity(1, List.of("monetary"), new int[] {1, 2}, new String[] {"Low", "High"},
                new double[][] {{0.0}, {1000.0}}));
        fx.send(TopologyFixture.invoice("100", "c1", "2011-03-01T10:00:00Z", "A", 10, "90.00"));
        fx.send(TopologyFixture.invoice("101", "c2", "2011-03-02T10:00:00Z", "A", 1, "5.00"));
        fx.features.readKeyValuesToList();
        fx.changes.readKeyValuesToList();
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void givenAScoredCustomer_whenErased_thenStateAssignmentAndFeaturesAreGoneAndALastChangeSaysErased() {
        assertEquals(1L, fx.scoring.segmentSizes().get(2), "c1 is High before");
        assertEquals(java.util.Map.of(1, 1L, 2, 1L), fx.drift.snapshot().segments(), "drift counts both");

        fx.erase("c1", REQUEST);

        List<KeyValue<String, CustomerFeatures>> features = fx.features.readKeyValuesToList();
        assertEquals(List.of(KeyValue.pair("c1", (CustomerFeatures) null)), features, "a features tombstone");
        List<SegmentChange> changes = fx.changes.readValuesToList();
        assertEquals(1, changes.size());
        SegmentChange erased = changes.getFirst();
        assertEquals("c1", erased.getCustomerId());
        assertEquals(ChangeCause.ERASED, erased.getCause());
        assertEquals(2, erased.getFromSegmentId());
        assertEquals("High", erased.getFromSegmentName());
        assertEquals(ScoringProcessor.ERASED_SEGMENT, erased.getToSegmentId());
        assertNull(erased.getFeatures());
        assertEquals(REQUEST, erased.getEventTime());
        KeyValueStore<String, byte[]> states = fx.driver.getKeyValueStore(FeatureStores.CUSTOMER_STATE);
        assertNull(states.get("c1"), "the record, state and assignment, is gone");
        assertTrue(states.get("c2") != null && new CustomerRecordCodec().assignment(states.get("c2"), () -> null) != null, "c2 untouched");
        KeyValueStore<String, Long> erasures = fx.driver.getKeyValueStore(FeatureStores.ERASURES);
        assertEquals(REQUEST.toEpochMilli(), erasures.get("c1"));
        assertEquals(0L, fx.scoring.segmentSizes().get(2), "c1 left its segment");
        assertEquals(1L, fx.scoring.segmentSizes().get(1), "c2 stays");
        assertEquals(1, fx.counters.erasures());
        assertEquals(1, fx.scoring.changes(ChangeCause.ERASED));
        assertEquals(0L, fx.drift.snapshot().segments().getOrDefault(2, 0L), "the drift counts drop c1");
        assertEquals(1L, fx.drift.snapshot().segments().get(1));
    }

    @Test
    void givenAnErasedCustomer_whenAnOlderInvoiceArrives_thenItIsDroppedAndALaterOneStartsFromZero() {
        fx.erase("c1", REQUEST);
        fx.features.readKeyValuesToList();
        fx.changes.readKeyValuesToList();

        // Written before the request, delivered after it (a replay, a slow producer): the customer stays erased.
        fx.send(TopologyFixture.invoice("102", "c1", "2011-05-31T23:59:59Z", "B", 5, "80.00"));

        assertTrue(fx.features.isEmpty());
        assertTrue(fx.changes.isEmpty());
        assertNull(fx.driver.<String, byte[]>getKeyValueStore(FeatureStores.CUSTOMER_STATE).get("c1"));
        assertEquals(1, fx.counters.erasedInvoices());

        // At or after the request: a new customer, from zero (the erased 900.00 and invoice 100 are not counted).
        fx.send(TopologyFixture.invoice("103", "c1", "2011-06-01T00:00:00Z", "C", 2, "3.00"));

        List<CustomerFeatures> fresh = fx.features.readValuesToList();
        assertEquals(1, fresh.size());
        assertEquals(1, fresh.getFirst().getFrequency());
        assertEquals(6.0, fresh.getFirst().getMonetary(), 1e-9);
        assertEquals(1, fresh.getFirst().getUniqueProducts());
        SegmentChange first = fx.changes.readValuesToList().getFirst();
        assertEquals(ChangeCause.FIRST_ASSIGNMENT, first.getCause());
        assertNull(first.getFromSegmentId());
        assertEquals(1, first.getToSegmentId());
        // The same invoice number as before the erasure is a new invoice for the new customer.
        fx.send(TopologyFixture.invoice("100", "c1", "2011-06-02T10:00:00Z", "A", 1, "1.00"));
        assertEquals(2, fx.features.readValuesToList().getLast().getFrequency());
    }

    @Test
    void givenMalformedOrMismatchedRequests_whenRead_thenDeadLettersAndNoErasure() {
        fx.erasures.pipeInput("c2", ErasureRequest.newBuilder().setCustomerId("c1").setRequestedAt(REQUEST)
                .setReason(null).build(), REQUEST);
        var raw = fx.driver.createInputTopic(TopologyFixture.ERASURES,
                org.apache.kafka.common.serialization.Serdes.ByteArray().serializer(),
                org.apache.kafka.common.serialization.Serdes.ByteArray().serializer());
        raw.pipeInput("c2".getBytes(StandardCharsets.UTF_8), new byte[] {0, 0x7f, 0, 0, 1, 7}, REQUEST);
        raw.pipeInput("c2".getBytes(StandardCharsets.UTF_8), null, REQUEST);

        var letters = fx.deadLetters.readValuesToList();
        assertEquals(List.of(RejectReason.KEY_MISMATCH.name(), RejectReason.UNKNOWN_SCHEMA_ID.name()),
                letters.stream().map(l -> l.getReason()).toList());
        assertEquals(0, fx.counters.erasures());
        assertTrue(fx.features.isEmpty());
        assertTrue(fx.driver.<String, byte[]>getKeyValueStore(FeatureStores.CUSTOMER_STATE).get("c1") != null);
        fx.driver.advanceWallClockTime(Duration.ofSeconds(1));
    }
}
