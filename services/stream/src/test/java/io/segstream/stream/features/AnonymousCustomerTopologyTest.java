package io.segstream.stream.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.FeatureTrigger;
import io.segstream.avro.InvoiceEvent;
import io.segstream.avro.SegmentChange;
import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.core.features.BatchFeatures;
import io.segstream.core.features.Features;
import io.segstream.core.invoice.Invoice;
import io.segstream.platform.mapping.InvoiceMapping;
import io.segstream.stream.runtime.StreamMetrics;
import io.segstream.stream.testing.TestModels;
import io.segstream.stream.testing.TopologyFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Anonymous accounts ({@code segstream.customers.anonymous}) through the whole topology: their invoices are counted,
 * and they get no state, no history rows, no features record and no segment, while every other customer's features
 * equal the batch computation over its own invoices.
 */
class AnonymousCustomerTopologyTest {

    private static final long START = Instant.parse("2011-01-03T09:00:00Z").toEpochMilli();
    private static final Set<String> ANONYMOUS = Set.of("walk-in", "0");
    private TopologyFixture fx;

    @BeforeEach
    void start() {
        fx = new TopologyFixture(CleaningPolicy.defaults(), AgingSchedule.parse("1,7,30").withoutCatchUp(),
                ANONYMOUS);
        fx.publish(TestModels.identity(1, List.of("monetary"), new int[] {1, 2}, new String[] {"Low", "High"},
                new double[][] {{0.0}, {1000.0}}));
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    /** Invoice {@code n}: customers c1..c5, the walk-in account on every third, "0" on every seventh. */
    private static InvoiceEvent invoice(int n) {
        String customer = n % 3 == 0 ? "walk-in" : n % 7 == 0 ? "0" : "c" + (1 + n % 5);
        String time = Instant.ofEpochMilli(START + n * 7_200_000L).toString();
        return TopologyFixture.invoice(String.valueOf(700_000 + n), customer, time, "P" + (n % 40), 1 + n % 4,
                "3.75", "P" + (n * 11 % 40), 2, "12.00");
    }

    @Test
    void givenAnonymousAccounts_whenTheirInvoicesArrive_thenCountedAndNotSegmentedWhileOthersStayExact() {
        List<InvoiceEvent> sent = new ArrayList<>();
        int anonymousInvoices = 0;
        for (int n = 0; n < 600; n++) {
            InvoiceEvent event = invoice(n);
            fx.send(event);
            sent.add(event);
            anonymousInvoices += ANONYMOUS.contains(event.getCustomerId()) ? 1 : 0;
        }
        // An anonymous invoice sent again is counted again: nothing is kept to recognise it by.
        fx.send(sent.get(0));
        anonymousInvoices++;

        assertEquals(200 + 57, anonymousInvoices - 1, "walk-in has every third invoice, \"0\" every seventh other");
        assertEquals(anonymousInvoices, fx.counters.anonymousInvoices());
        assertEquals(0, fx.counters.duplicateInvoices());
        assertEquals(0, fx.counters.deadLetters());
        List<KeyValue<String, CustomerFeatures>> features = fx.features.readKeyValuesToList();
        assertEquals(600 - (anonymousInvoices - 1), features.stream()
                .filter(kv -> kv.value.getTrigger() != FeatureTrigger.AGING).count(), "one record per other invoice");
        assertTrue(features.stream().anyMatch(kv -> kv.value.getTrigger() == FeatureTrigger.AGING), "aging ran");
        assertTrue(features.stream().noneMatch(kv -> ANONYMOUS.contains(kv.key)), "nothing of anonymous accounts");
        Map<String, CustomerFeatures> latest = new HashMap<>();
        features.forEach(kv -> latest.put(kv.key, kv.value));
        assertEquals(Set.of("c1", "c2", "c3", "c4", "c5"), latest.keySet());
        List<Invoice> people = sent.stream().filter(e -> !ANONYMOUS.contains(e.getCustomerId()))
                .map(InvoiceMapping::toInvoice).toList();
        for (CustomerFeatures actual : latest.values()) {
            Features expected = BatchFeatures.compute(people, CleaningPolicy.defaults(),
                    actual.getAsOf().toEpochMilli()).get(actual.getCustomerId());
            assertEquals(expected.frequency(), actual.getFrequency(), actual.getCustomerId());
            assertEquals(expected.monetary(), actual.getMonetary(), 0.0, actual.getCustomerId());
            assertEquals(expected.uniqueProducts(), actual.getUniqueProducts(), actual.getCustomerId());
            assertEquals(expected.recencyDays(), actual.getRecencyDays(), actual.getCustomerId());
            assertEquals(expected.lengthDays(), actual.getLengthDays(), actual.getCustomerId());
            assertEquals(expected.frequency6m(), actual.getFrequency6m(), actual.getCustomerId());
            assertEquals(expected.monetary6m(), actual.getMonetary6m(), 0.0, actual.getCustomerId());
        }

        KeyValueStore<String, byte[]> states = fx.driver.getKeyValueStore(FeatureStores.CUSTOMER_STATE);
        for (String id : ANONYMOUS) {
            assertNull(states.get(id), id + " has no state");
            assertEquals(0, historyRows(id), id + " has no history rows");
        }
        List<SegmentChange> changes = fx.changes.readValuesToList();
        assertEquals(5, changes.stream().map(SegmentChange::getCustomerId).distinct().count(),
                "the five people are segmented");
        assertTrue(changes.stream().noneMatch(c -> ANONYMOUS.contains(c.getCustomerId())), "no anonymous segment");
        assertEquals(5L, fx.scoring.segmentSizes().values().stream().mapToLong(Long::longValue).sum());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        StreamMetrics.bind(registry, fx.counters, fx.scoring, fx.drift);
        assertEquals(anonymousInvoices, registry.get("segstream.anonymous.invoices").functionCounter().count(), 0.0);
    }

    private int historyRows(String customer) {
        KeyValueStore<Bytes, byte[]> history = fx.driver.getKeyValueStore(FeatureStores.CUSTOMER_HISTORY);
        int n = 0;
        try (KeyValueIterator<Bytes, byte[]> it = history.prefixScan(Bytes.wrap(CustomerHistory.prefixOf(customer)),
                org.apache.kafka.common.serialization.Serdes.Bytes().serializer())) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }
}
