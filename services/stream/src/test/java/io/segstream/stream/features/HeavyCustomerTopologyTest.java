package io.segstream.stream.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.InvoiceEvent;
import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.core.features.BatchFeatures;
import io.segstream.core.features.CustomerState;
import io.segstream.core.features.Features;
import io.segstream.core.invoice.Invoice;
import io.segstream.platform.mapping.InvoiceMapping;
import io.segstream.stream.testing.TopologyFixture;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A customer far past every inline limit of {@link CustomerState} through the whole topology: its features equal the
 * batch computation, its record stays small while its sets live in {@link FeatureStores#CUSTOMER_HISTORY}, an
 * erasure removes every row, and a record of the previous release with large sets moves them on its next invoice.
 */
class HeavyCustomerTopologyTest {

    private static final long START = Instant.parse("2010-01-04T09:00:00Z").toEpochMilli();
    private static final int CATALOGUE = 1_500;
    private TopologyFixture fx;

    @BeforeEach
    void start() {
        fx = new TopologyFixture(CleaningPolicy.defaults(), AgingSchedule.NONE, 100);
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    /**
     * Invoice {@code n} of {@code customer}: two lines of a 1,500-product catalogue, every 9 hours (so 3,000 invoices
     * pass all three inline limits: 128 invoices, 1,024 products, 128 purchase days).
     */
    private static InvoiceEvent invoice(String customer, int n) {
        String time = Instant.ofEpochMilli(START + n * 32_400_000L).toString();
        return TopologyFixture.invoice(String.valueOf(600_000 + n), customer, time, "P" + (n % CATALOGUE),
                1 + n % 3, "2.50", "P" + (n * 7 % CATALOGUE), 2, "1.25");
    }

    private static Features batch(List<InvoiceEvent> events, String customer, long asOf) {
        List<Invoice> invoices = events.stream().map(InvoiceMapping::toInvoice).toList();
        return BatchFeatures.compute(invoices, CleaningPolicy.defaults(), asOf).get(customer);
    }

    private static void assertSame(Features expected, CustomerFeatures actual) {
        assertEquals(expected.frequency(), actual.getFrequency());
        assertEquals(expected.uniqueProducts(), actual.getUniqueProducts());
        assertEquals(expected.monetary(), actual.getMonetary(), 0.0);
        assertEquals(expected.avgSpend(), actual.getAvgSpend(), 0.0);
        assertEquals(expected.recencyDays(), actual.getRecencyDays());
        assertEquals(expected.lengthDays(), actual.getLengthDays());
        assertEquals(expected.frequency6m(), actual.getFrequency6m());
        assertEquals(expected.monetary6m(), actual.getMonetary6m(), 0.0);
        assertEquals(expected.firstPurchaseMillis(), actual.getFirstPurchase().toEpochMilli());
        assertEquals(expected.lastPurchaseMillis(), actual.getLastPurchase().toEpochMilli());
    }

    private int rows(String customer) {
        KeyValueStore<Bytes, byte[]> history = fx.driver.getKeyValueStore(FeatureStores.CUSTOMER_HISTORY);
        int n = 0;
        try (KeyValueIterator<Bytes, byte[]> it = history.prefixScan(Bytes.wrap(CustomerHistory.prefixOf(customer)),
                org.apache.kafka.common.serialization.Serdes.Bytes().serializer())) {
            while (it.hasNext()) {
                assertTrue(it.next().value.length <= 32, "no history row above 32 bytes");
                n++;
            }
        }
        return n;
    }

    @Test
    void givenThreeThousandInvoicesOfOneCustomer_whenProcessed_thenFeaturesAreExactAndTheRecordStaysSmall() {
        List<InvoiceEvent> sent = new ArrayList<>();
        int largest = 0;
        for (int n = 0; n < 3_000; n++) {
            InvoiceEvent event = invoice("walk-in", n);
            fx.send(event);
            sent.add(event);
            if (n % 2 == 1) {
                fx.send(sent.get(n / 2));
            }
            byte[] record = fx.driver.<String, byte[]>getKeyValueStore(FeatureStores.CUSTOMER_STATE).get("walk-in");
            largest = Math.max(largest, record.length);
        }
        fx.send(invoice("other", 1));
        List<CustomerFeatures> out = fx.features.readValuesToList();
        assertEquals(3_001, out.size(), "one update per new invoice, none for the 1,500 redeliveries");
        assertEquals(1_500, fx.counters.duplicateInvoices());
        CustomerFeatures last = out.get(out.size() - 2);
        assertSame(batch(sent, "walk-in", last.getAsOf().toEpochMilli()), last);
        assertEquals(3_000, last.getFrequency());
        assertEquals(CATALOGUE, last.getUniqueProducts());
        assertTrue(CATALOGUE > CustomerState.PRODUCT_INLINE_LIMIT && 3_000 * 9 / 24 > CustomerState.DAY_INLINE_LIMIT);
        // Each set inline up to its limit, then counts only: bounded, and small once the sets moved.
        int finalSize = fx.driver.<String, byte[]>getKeyValueStore(FeatureStores.CUSTOMER_STATE).get("walk-in").length;
        System.out.printf("walk-in record: largest %d bytes, after 3,000 invoices %d bytes%n", largest, finalSize);
        assertTrue(largest < 3_000, "largest customer record " + largest + " bytes");
        assertTrue(finalSize < 250, "customer record after 3,000 invoices " + finalSize + " bytes");
        // 3,000 invoice rows, 6 product blocks and 5 day blocks; none for the customer below the limits.
        int rows = rows("walk-in");
        assertEquals(3_000 + 6 + 5, rows, "history rows");
        assertEquals(0, rows("other"));
        assertEquals(0, rows("walk-i"), "one customer's rows are not another's prefix");
    }

    @Test
    void givenAHeavyCustomer_whenErased_thenEveryHistoryRowIsGoneAndALaterInvoiceStartsFromZero() {
        for (int n = 0; n < 400; n++) {
            fx.send(invoice("walk-in", n));
            fx.send(invoice("walk-in2", n));
        }
        assertEquals(400 + 1, rows("walk-in"), "its 400 invoice keys and one block of its 150 days; products inline");
        int neighbour = rows("walk-in2");
        Instant request = Instant.ofEpochMilli(START + 400 * 18_000_000L);
        fx.erase("walk-in", request);
        assertEquals(0, rows("walk-in"));
        assertNull(fx.driver.<String, byte[]>getKeyValueStore(FeatureStores.CUSTOMER_STATE).get("walk-in"));
        assertEquals(neighbour, rows("walk-in2"), "the other customer keeps its rows");
        fx.features.readValuesToList();
        // The same invoice number after the request is a new invoice of a new customer.
        fx.send(TopologyFixture.invoice("600000", "walk-in", request.plusSeconds(60).toString(), "P1", 1, "2.50"));
        assertEquals(1, fx.features.readValuesToList().getLast().getFrequency());
    }

    @Test
    void givenARecordOfThePreviousReleaseWithLargeSets_whenTheNextInvoiceArrives_thenItMovesAndStaysExact() {
        // As the previous release kept it: product ids from the task's store, the state a bare version-2 encoding.
        KeyValueStore<String, Integer> productIds = fx.driver.getKeyValueStore(FeatureStores.PRODUCT_IDS);
        for (int p = 0; p < CATALOGUE; p++) {
            productIds.put("P" + p, p);
        }
        fx.driver.<String, Long>getKeyValueStore(FeatureStores.META).put("next-product-id", (long) CATALOGUE);
        List<InvoiceEvent> sent = new ArrayList<>();
        CustomerState old = new CustomerState();
        for (int n = 0; n < 500; n++) {
            InvoiceEvent event = invoice("walk-in", n);
            sent.add(event);
            old.apply(InvoiceMapping.toInvoice(event), code -> Integer.parseInt(code.substring(1)));
        }
        byte[] v2 = old.encode();
        assertEquals(2, v2[0]);
        KeyValueStore<String, byte[]> states = fx.driver.getKeyValueStore(FeatureStores.CUSTOMER_STATE);
        states.put("walk-in", v2);

        fx.send(sent.get(17));
        assertEquals(1, fx.counters.duplicateInvoices(), "an invoice of the old state is still known");
        InvoiceEvent next = invoice("walk-in", 500);
        sent.add(next);
        fx.send(next);

        List<CustomerFeatures> out = fx.features.readValuesToList();
        assertEquals(1, out.size());
        assertSame(batch(sent, "walk-in", out.getFirst().getAsOf().toEpochMilli()), out.getFirst());
        byte[] record = states.get("walk-in");
        assertTrue(!CustomerRecordCodec.isLegacy(record) && CustomerRecordCodec.state(record)[0] == 3, "moved to version 3");
        // The 500 invoice keys moved; the products (below their limit) stay inline.
        assertTrue(record.length < v2.length - 400, record.length + " bytes, from " + v2.length);
        assertTrue(rows("walk-in") >= 501, "every invoice of the old state is a history row");
        for (int n = 0; n <= 500; n += 50) {
            fx.send(sent.get(n));
        }
        assertEquals(12, fx.counters.duplicateInvoices(), "old and new invoices are still recognised");
        assertTrue(fx.features.isEmpty());
    }
}
