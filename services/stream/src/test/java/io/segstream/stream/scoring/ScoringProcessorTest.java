package io.segstream.stream.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import io.segstream.avro.ChangeCause;
import io.segstream.avro.CustomerAssignment;
import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.FeatureTrigger;
import io.segstream.avro.SegmentChange;
import io.segstream.avro.SegmentModel;
import io.segstream.core.features.CustomerState;
import io.segstream.core.features.Features;
import io.segstream.platform.mapping.FeaturesMapping;
import io.segstream.platform.serde.AvroSerdeConfig;
import io.segstream.platform.serde.SpecificAvroSerde;
import io.segstream.stream.drift.DriftMonitor;
import io.segstream.stream.features.CustomerRecord;
import io.segstream.stream.features.CustomerRecordCodec;
import io.segstream.stream.features.CustomerUpdate;
import io.segstream.stream.features.FeatureStores;
import io.segstream.stream.testing.SharedRegistry;
import io.segstream.stream.testing.TestModels;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scoring processor alone, in a {@link MockProcessorContext}: features before any model wait; the first model
 * assigns everyone in chunks of two per punctuation; a newer model swaps in and re-scores in chunks, emitting
 * MODEL_UPDATE only for customers whose segment changes; a model with other features is refused; customers stored by
 * the release before the customer records keep their segments. The feature stage's part (handing over the stored
 * assignment, storing the new one in the customer's record) is done by {@link #update}.
 */
class ScoringProcessorTest {

    private static final List<String> FEATURES = List.of("recency", "monetary");
    private static final long T0 = Instant.parse("2011-03-01T00:00:00Z").toEpochMilli();
    private static final byte[] STATE = new CustomerState().encode();

    private final SpecificAvroSerde<SegmentModel> models = SpecificAvroSerde.create(SegmentModel.class,
            AvroSerdeConfig.forValues(SharedRegistry.url()));
    private final ScoringReadModel counters = new ScoringReadModel();
    private final DriftMonitor drift = new DriftMonitor();
    private MockProcessorContext<String, SegmentChange> context;
    private KeyValueStore<String, byte[]> modelStore;
    private KeyValueStore<String, String> meta;
    private final CustomerRecordCodec codec = new CustomerRecordCodec();
    private KeyValueStore<String, byte[]> records;
    private KeyValueStore<String, byte[]> legacy;
    private ScoringProcessor processor;

    @BeforeEach
    void start() {
        context = new MockProcessorContext<>();
        context.setCurrentStreamTimeMs(T0);
        records = store(FeatureStores.CUSTOMER_STATE, Serdes.ByteArray());
        legacy = store(FeatureStores.LEGACY_ASSIGNMENTS, Serdes.ByteArray());
        store(ScoringStores.HISTORY, Serdes.ByteArray());
        meta = store(ScoringStores.META, Serdes.String());
        modelStore = store(ScoringStores.MODELS, Serdes.ByteArray());
        processor = new ScoringProcessor("rfm", "segment-models", models.deserializer(), counters,
                drift, 2, Duration.ofMillis(200));
        processor.init(context);
    }

    @AfterEach
    void stop() {
        processor.close();
        models.close();
    }

    @Test
    void givenFiveWaitingCustomers_whenModelsArriveAndSwap_thenChunkedAssignmentsAndOnlyRealMoves() {
        // Recency 10, 20, 30 are recent; 200 and 300 lapsed (identity transform, centroids in original units).
        int[] recency = {10, 20, 30, 200, 300};
        for (int c = 0; c < recency.length; c++) {
            update("c" + c, features("c" + c, recency[c]));
        }
        assertTrue(context.forwarded().isEmpty(), "no model yet");

        publish(TestModels.identity(1, FEATURES, new int[] {1, 2}, new String[] {"Active", "Lapsed"},
                new double[][] {{0, 100}, {250, 100}}));
        List<SegmentChange> firstChunk = punctuate(1);
        List<SegmentChange> rest = punctuate(2);
        List<SegmentChange> first = Stream.concat(firstChunk.stream(), rest.stream()).toList();

        assertEquals(List.of("c0", "c1"), firstChunk.stream().map(SegmentChange::getCustomerId).toList(),
                "one chunk of two per punctuation");
        assertEquals(List.of("c0", "c1", "c2", "c3", "c4"), first.stream().map(SegmentChange::getCustomerId).toList());
        assertTrue(first.stream().allMatch(c -> c.getCause() == ChangeCause.FIRST_ASSIGNMENT));
        assertEquals(List.of(1, 1, 1, 2, 2), first.stream().map(SegmentChange::getToSegmentId).toList());
        assertEquals("1", meta.get(RescorePass.RESCORED_VERSION));

        // v2 moves the boundary: the Active centroid to recency 60, Lapsed to 100, so c3 (200) and c4 stay Lapsed
        // and c2 (30) stays Active; the chunk of two means the pass needs three punctuations.
        publish(TestModels.identity(2, FEATURES, new int[] {1, 2}, new String[] {"Active", "Lapsed"},
                new double[][] {{60, 100}, {100, 100}}));
        List<SegmentChange> afterOne = punctuate(1);
        List<SegmentChange> afterAll = punctuate(2);

        assertEquals(0, afterOne.size(), "c0 and c1 keep their segment under v2");
        assertEquals(List.of(), afterAll, "no customer crosses the moved boundary");
        assertEquals("2", meta.get(RescorePass.RESCORED_VERSION));
        assertEquals(2, counters.modelVersion());

        // v3 swaps the meaning of the centroids: every customer changes segment, by the model alone.
        publish(TestModels.identity(3, FEATURES, new int[] {1, 2}, new String[] {"Active", "Lapsed"},
                new double[][] {{250, 100}, {0, 100}}));
        List<SegmentChange> swapped = punctuate(3);

        assertEquals(5, swapped.size());
        assertTrue(swapped.stream().allMatch(c -> c.getCause() == ChangeCause.MODEL_UPDATE));
        assertEquals(List.of(2, 2, 2, 1, 1), swapped.stream().map(SegmentChange::getToSegmentId).toList());
        assertTrue(swapped.stream().allMatch(c -> c.getFromModelVersion() == 2L && c.getToModelVersion() == 3L));
    }

    @Test
    void givenAModelOverOtherFeatures_whenItArrives_thenRefusedAndTheCurrentOneStays() {
        publish(TestModels.identity(1, FEATURES, new int[] {1, 2}, new String[] {"Active", "Lapsed"},
                new double[][] {{0, 100}, {250, 100}}));
        punctuate(1);
        publish(TestModels.identity(2, List.of("recency", "frequency"), new int[] {1, 2},
                new String[] {"Active", "Lapsed"}, new double[][] {{0, 1}, {250, 1}}));
        punctuate(1);

        update("late", features("late", 5));

        assertEquals(1, counters.rejectedModels());
        assertEquals(1, counters.modelVersion());
        SegmentChange change = (SegmentChange) context.forwarded().getLast().record().value();
        assertEquals(1L, change.getToModelVersion());
        assertEquals(ChangeCause.FIRST_ASSIGNMENT, change.getCause());
    }

    @Test
    void givenCustomersOfThePreviousRelease_whenANewModelRescoresThem_thenTheirSegmentsCarryOverIntoTheRecords() {
        // Before the customer records: a bare state in the customer-state store, the assignment in its own store.
        records.put("old-active", STATE);
        legacy.put("old-active", codec.encodeAssignment(new CustomerAssignment(1, "Active", 1L,
                features("old-active", 10))));
        records.put("old-lapsed", STATE);
        legacy.put("old-lapsed", codec.encodeAssignment(new CustomerAssignment(2, "Lapsed", 1L,
                features("old-lapsed", 300))));
        publish(TestModels.identity(1, FEATURES, new int[] {1, 2}, new String[] {"Active", "Lapsed"},
                new double[][] {{0, 100}, {250, 100}}));

        assertEquals(List.of(), punctuate(1), "model 1 already scored them: no change, no FIRST_ASSIGNMENT");
        assertEquals(1L, drift.snapshot().segments().get(1), "the drift book counted the legacy ones");
        assertEquals(1L, drift.snapshot().segments().get(2));

        // Model 2 swaps the centroids: both move, from the segments the legacy store held.
        publish(TestModels.identity(2, FEATURES, new int[] {1, 2}, new String[] {"Active", "Lapsed"},
                new double[][] {{250, 100}, {0, 100}}));
        List<SegmentChange> moved = punctuate(1);

        assertEquals(List.of("old-active:1->2", "old-lapsed:2->1"), moved.stream()
                .map(c -> c.getCustomerId() + ":" + c.getFromSegmentId() + "->" + c.getToSegmentId()).toList());
        assertTrue(moved.stream().allMatch(c -> c.getCause() == ChangeCause.MODEL_UPDATE));
        for (String customer : List.of("old-active", "old-lapsed")) {
            byte[] record = records.get(customer);
            assertTrue(!CustomerRecordCodec.isLegacy(record), customer + " is a customer record now");
            assertEquals(2L, codec.assignment(record, () -> null).getModelVersion());
            assertEquals(java.util.Arrays.toString(STATE),
                    java.util.Arrays.toString(CustomerRecordCodec.state(record)), "the state is kept");
            assertEquals(null, legacy.get(customer), "moved out of the legacy store");
        }
    }

    /** The feature stage's part: the record with its new state and stored assignment goes with the features. */
    private void update(String customer, CustomerFeatures features) {
        byte[] stored = records.get(customer);
        CustomerAssignment previous = stored == null ? null : codec.assignment(stored, () -> null);
        processor.process(new Record<>(customer, new CustomerUpdate(features, new CustomerRecord(STATE, previous)),
                T0));
    }

    private void publish(SegmentModel model) {
        modelStore.put("rfm", models.serializer().serialize("segment-models", model));
    }

    /** Fires the wall-clock punctuation {@code times} times and returns the changes forwarded meanwhile. */
    private List<SegmentChange> punctuate(int times) {
        context.resetForwards();
        var punctuator = context.scheduledPunctuators().stream()
                .filter(p -> p.getType() == PunctuationType.WALL_CLOCK_TIME).findFirst().orElseThrow();
        for (int i = 0; i < times; i++) {
            punctuator.getPunctuator().punctuate(T0);
        }
        return context.forwarded().stream().map(f -> (SegmentChange) f.record().value()).toList();
    }

    private static CustomerFeatures features(String id, int recencyDays) {
        Features f = new Features(T0, T0 - 400L * 86_400_000, T0 - recencyDays * 86_400_000L, recencyDays, 3,
                1_000_000, 100.0, 400, 33.3, 5, 1, 100.0, null);
        return FeaturesMapping.toAvro(id, f, FeatureTrigger.PURCHASE);
    }

    private <V> KeyValueStore<String, V> store(String name, Serde<V> values) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), values).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }
}
