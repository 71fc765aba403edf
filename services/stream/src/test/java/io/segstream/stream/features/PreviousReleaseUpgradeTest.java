package io.segstream.stream.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.InvoiceEvent;
import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.core.features.BatchFeatures;
import io.segstream.core.features.CustomerState;
import io.segstream.core.features.Features;
import io.segstream.core.invoice.Invoice;
import io.segstream.platform.mapping.InvoiceMapping;
import io.segstream.stream.testing.TopologyFixture;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Upgrade in place from the release before #32. The customer states in {@code previous-release/customer-states.txt}
 * were encoded by that release's own {@code CustomerState} (a customer of 600 invoices, 700 products and 225 purchase
 * days, every set past the inline limit, and one of 3 invoices). They are put into the stores as a restore from the
 * previous release's changelog puts them (the changelog value is the store value, a {@link CustomerRecord} without
 * assignment); then new invoices arrive: nothing is lost, old invoices are still recognised, the heavy customer's
 * sets move to the history store on its first invoice, and every feature equals the batch computation over all
 * invoices. Not covered here: a RocksDB state directory of that release opened by this one (the history store is a
 * new store, created empty and restored from its new, empty changelog, as any new store is).
 */
class PreviousReleaseUpgradeTest {

    private static final long START = Instant.parse("2010-01-04T09:00:00Z").toEpochMilli();
    private TopologyFixture fx;

    @BeforeEach
    void start() {
        fx = new TopologyFixture(CleaningPolicy.defaults(), AgingSchedule.NONE, 100);
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    /** Invoice n of the fixture: two lines of a 700-product catalogue, one every 9 hours, every 97th a return. */
    static InvoiceEvent invoice(String customer, int n) {
        boolean refund = n % 97 == 96;
        String no = (refund ? "C" : "") + (customer.equals("walk-in") ? 600_000 + n : 500_000 + n);
        return TopologyFixture.invoice(no, customer, Instant.ofEpochMilli(START + n * 32_400_000L).toString(),
                "P" + (n % 700), (refund ? -1 : 1) * (1 + n % 3), "2.50", "P" + (n * 13 % 700), refund ? -2 : 2,
                "1.25");
    }

    private static Map<String, byte[]> previousRelease() throws IOException {
        Map<String, byte[]> states = new HashMap<>();
        try (InputStream in = PreviousReleaseUpgradeTest.class.getResourceAsStream(
                "/previous-release/customer-states.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    String[] fields = line.trim().split(" ");
                    states.put(fields[0] + " " + fields[1], Base64.getDecoder().decode(fields[2]));
                }
            }
        }
        return states;
    }

    @Test
    void givenStatesOfThePreviousRelease_whenNewInvoicesArrive_thenNothingIsLostAndFeaturesAreExact()
            throws IOException {
        Map<String, byte[]> old = previousRelease();
        byte[] heavy = old.get("walk-in 600");
        byte[] small = old.get("small 3");
        assertEquals(2, heavy[0], "the previous release wrote version 2");
        Map<String, List<InvoiceEvent>> sent = Map.of("walk-in", new ArrayList<>(), "small", new ArrayList<>());
        // This release, inline (no history), encodes the same invoices to the same bytes: the codec is unchanged.
        for (var entry : Map.of("walk-in", 600, "small", 3).entrySet()) {
            CustomerState inline = new CustomerState();
            for (int n = 0; n < entry.getValue(); n++) {
                InvoiceEvent event = invoice(entry.getKey(), n);
                sent.get(entry.getKey()).add(event);
                inline.apply(InvoiceMapping.toInvoice(event), code -> Integer.parseInt(code.substring(1)));
            }
            assertArrayEquals(old.get(entry.getKey() + " " + entry.getValue()), inline.encode(), entry.getKey());
        }
        // What a restore from the previous release's changelogs leaves in the stores.
        KeyValueStore<String, Integer> productIds = fx.driver.getKeyValueStore(FeatureStores.PRODUCT_IDS);
        for (int p = 0; p < 700; p++) {
            productIds.put("P" + p, p);
        }
        fx.driver.<String, Long>getKeyValueStore(FeatureStores.META).put("next-product-id", 700L);
        KeyValueStore<String, byte[]> states = fx.driver.getKeyValueStore(FeatureStores.CUSTOMER_STATE);
        states.put("walk-in", new CustomerRecordCodec().encode(new CustomerRecord(heavy, null)));
        states.put("small", new CustomerRecordCodec().encode(new CustomerRecord(small, null)));

        fx.send(sent.get("walk-in").get(5));
        fx.send(sent.get("small").get(2));
        assertEquals(2, fx.counters.duplicateInvoices(), "invoices of the old states are still known");
        for (int n = 600; n < 700; n++) {
            InvoiceEvent event = invoice("walk-in", n);
            sent.get("walk-in").add(event);
            fx.send(event);
        }
        InvoiceEvent next = invoice("small", 3);
        sent.get("small").add(next);
        fx.send(next);

        Map<String, CustomerFeatures> latest = new HashMap<>();
        List<KeyValue<String, CustomerFeatures>> out = fx.features.readKeyValuesToList();
        assertEquals(101, out.size(), "one update per new invoice");
        out.forEach(kv -> latest.put(kv.key, kv.value));
        for (var entry : latest.entrySet()) {
            List<Invoice> all = sent.get(entry.getKey()).stream().map(InvoiceMapping::toInvoice).toList();
            CustomerFeatures actual = entry.getValue();
            Features expected = BatchFeatures.compute(all, CleaningPolicy.defaults(), actual.getAsOf().toEpochMilli())
                    .get(entry.getKey());
            assertEquals(expected.frequency(), actual.getFrequency(), entry.getKey());
            assertEquals(expected.uniqueProducts(), actual.getUniqueProducts(), entry.getKey());
            assertEquals(expected.monetary(), actual.getMonetary(), 0.0, entry.getKey());
            assertEquals(expected.recencyDays(), actual.getRecencyDays(), entry.getKey());
            assertEquals(expected.lengthDays(), actual.getLengthDays(), entry.getKey());
            assertEquals(expected.frequency6m(), actual.getFrequency6m(), entry.getKey());
            assertEquals(expected.monetary6m(), actual.getMonetary6m(), 0.0, entry.getKey());
            assertEquals(expected.firstPurchaseMillis(), actual.getFirstPurchase().toEpochMilli(), entry.getKey());
        }
        assertEquals(700, latest.get("walk-in").getUniqueProducts());
        byte[] moved = CustomerRecordCodec.state(states.get("walk-in"));
        assertEquals(3, moved[0], "the heavy state moved its sets on its first invoice");
        // Its 600 invoice keys moved (about a byte each); its 700 products stay inline, below their limit.
        assertTrue(700 < CustomerState.PRODUCT_INLINE_LIMIT);
        assertTrue(moved.length < heavy.length - 500, moved.length + " bytes, from " + heavy.length);
        byte[] stillSmall = CustomerRecordCodec.state(states.get("small"));
        assertEquals(2, stillSmall[0], "a small state stays version 2");

        for (int n = 0; n < 700; n += 7) {
            fx.send(sent.get("walk-in").get(n));
        }
        assertEquals(2 + 100, fx.counters.duplicateInvoices(), "old and new invoices recognised after the move");
        assertTrue(fx.features.isEmpty());
    }
}
