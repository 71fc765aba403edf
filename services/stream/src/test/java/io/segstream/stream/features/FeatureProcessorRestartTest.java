package io.segstream.stream.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.FeatureTrigger;
import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.core.features.CustomerState;
import io.segstream.core.invoice.Invoice;
import io.segstream.core.invoice.InvoiceLine;
import io.segstream.stream.validation.IntakeCounters;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** The in-memory aging index and erased set are rebuilt from the stores a restarted or migrated task finds. */
class FeatureProcessorRestartTest {

    private static final long DAY = 86_400_000L;

    @Test
    void givenStateRestoredFromTheChangelog_whenAgingPassRuns_thenIdleCustomersAreFoundWithoutANewInvoice() {
        MockProcessorContext<String, Object> context = new MockProcessorContext<>();
        KeyValueStore<String, byte[]> states = store(context, FeatureStores.CUSTOMER_STATE, Serdes.ByteArray());
        store(context, FeatureStores.PRODUCT_IDS, Serdes.Integer());
        KeyValueStore<String, Long> meta = store(context, FeatureStores.META, Serdes.Long());
        KeyValueStore<String, Long> erasures = store(context, FeatureStores.ERASURES, Serdes.Long());
        store(context, FeatureStores.INTERESTS, Serdes.ByteArray());
        store(context, FeatureStores.LEGACY_ASSIGNMENTS, Serdes.ByteArray());
        long bought = Instant.parse("2011-03-01T10:00:00Z").toEpochMilli();
        long active = Instant.parse("2011-03-06T10:00:00Z").toEpochMilli();
        // What a restore leaves behind: states and the last aging day, nothing in memory. "idle" was written by a
        // release before the customer records (a bare state), "recent" is a record without an assignment yet.
        states.put("idle", stateWithOneInvoice("1", "idle", bought));
        states.put("recent", new CustomerRecordCodec().encode(new CustomerRecord(stateWithOneInvoice("2", "recent", active), null)));
        meta.put(FeatureProcessor.LAST_AGING_DAY, Math.floorDiv(active, DAY));
        erasures.put("gone", active);

        IntakeCounters counters = new IntakeCounters();
        StreamClock clock = new StreamClock();
        FeatureProcessor processor = new FeatureProcessor(CleaningPolicy.defaults(),
                AgingSchedule.parse("1,7,30").withoutCatchUp(), counters, clock,
                new FeatureProcessor.Outputs("features-sink", null));
        // Kafka Streams gives a resumed task its stream time from the committed offsets' metadata before init.
        long committedStreamTime = active + 3_600_000L;
        context.setCurrentStreamTimeMs(committedStreamTime);
        processor.init(context);
        // The query API's "now" is known before any new invoice.
        assertEquals(committedStreamTime, clock.millis());
        long now = Instant.parse("2011-03-08T12:00:00Z").toEpochMilli();
        context.setCurrentStreamTimeMs(now);
        context.setCurrentSystemTimeMs(now + DAY);
        context.scheduledPunctuators().stream().filter(p -> p.getType() == PunctuationType.STREAM_TIME)
                .forEach(p -> p.getPunctuator().punctuate(now));

        assertTrue(context.forwarded().stream().allMatch(f -> f.childName().equals(java.util.Optional.of("features-sink"))));
        List<CustomerFeatures> aged = context.forwarded().stream().map(f -> (CustomerFeatures) f.record().value())
                .toList();
        // Since the last pass (03-06), "idle" reached recency 7 and "recent" recency 1: one record each.
        assertEquals(List.of("idle", "recent"), aged.stream().map(CustomerFeatures::getCustomerId).sorted().toList());
        for (CustomerFeatures f : aged) {
            assertEquals(FeatureTrigger.AGING, f.getTrigger());
            assertEquals(f.getCustomerId().equals("idle") ? 8 : 3, f.getRecencyDays());
        }

        // The erased customers are known again too: an invoice older than the request is dropped.
        context.resetForwards();
        processor.process(new Record<>("gone", new Invoice("9", "gone", "France", bought,
                List.of(new InvoiceLine("A", null, 1, 100_000)), "test"), bought));
        assertEquals(List.of(), context.forwarded());
        assertEquals(1, counters.erasedInvoices());
        assertEquals(null, states.get("gone"));
    }

    private static byte[] stateWithOneInvoice(String invoiceNo, String customer, long time) {
        CustomerState state = new CustomerState();
        state.apply(new Invoice(invoiceNo, customer, "United Kingdom", time,
                List.of(new InvoiceLine("A", null, 1, 100_000)), "test"), code -> 0);
        return state.encode();
    }

    private static <V> KeyValueStore<String, V> store(MockProcessorContext<?, ?> context, String name,
                                                     org.apache.kafka.common.serialization.Serde<V> values) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), values).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }
}
