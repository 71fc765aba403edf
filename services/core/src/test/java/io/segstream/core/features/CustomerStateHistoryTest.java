package io.segstream.core.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.core.clv.PurchaseHistory;
import io.segstream.core.invoice.Invoice;
import io.segstream.core.invoice.InvoiceLine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/** {@link CustomerState} with its large sets in a {@link CustomerState.History}: same features, bounded bytes. */
class CustomerStateHistoryTest {

    /** A history in three hash sets, with a count of adds that found a new member. */
    static final class MapHistory implements CustomerState.History {
        final Set<Long> invoices = new HashSet<>();
        final Set<Integer> products = new HashSet<>();
        final Set<Integer> days = new HashSet<>();

        @Override
        public boolean addInvoice(long key) {
            return invoices.add(key);
        }

        @Override
        public boolean addProduct(int id) {
            return products.add(id);
        }

        @Override
        public boolean addPurchaseDay(int day) {
            return days.add(day);
        }
    }

    private static final long AS_OF = Instant.parse("2011-12-09T12:50:00Z").toEpochMilli();
    /**
     * Every set at its limit: invoice keys up to 3 bytes delta-coded, product ids below 16,384 and day gaps up to 2
     * bytes, plus the header and at most 13 months of about 10 bytes each.
     */
    private static final int MAX_INLINE_BYTES = 3 * CustomerState.INVOICE_INLINE_LIMIT
            + 2 * CustomerState.PRODUCT_INLINE_LIMIT + 2 * CustomerState.DAY_INLINE_LIMIT + 200;

    private static boolean pastALimit(CustomerState inline) {
        Features f = inline.features(AS_OF);
        PurchaseHistory days = inline.purchaseHistory();
        return f.frequency() > CustomerState.INVOICE_INLINE_LIMIT
                || f.uniqueProducts() > CustomerState.PRODUCT_INLINE_LIMIT
                || days != null && days.days() > CustomerState.DAY_INLINE_LIMIT;
    }

    @Test
    void givenAllUciCustomers_whenAppliedShuffledWithAHistory_thenFeaturesEqualTheInlineStateAndBytesAreBounded() {
        Map<String, List<Invoice>> byCustomer = UciInvoices.cleanedByCustomer();
        ToIntFunction<String> ids = BatchFeatures.productIds(new ProductDictionary(), CleaningPolicy.defaults());
        Random random = new Random(7);
        int moved = 0;
        int pastALimit = 0;
        int largest = 0;
        for (var entry : byCustomer.entrySet()) {
            CustomerState inline = new CustomerState();
            entry.getValue().forEach(i -> inline.apply(i, ids));
            List<Invoice> shuffled = new ArrayList<>(entry.getValue());
            shuffled.addAll(entry.getValue());
            Collections.shuffle(shuffled, random);
            MapHistory history = new MapHistory();
            byte[] bytes = new CustomerState().encode();
            int applied = 0;
            for (Invoice invoice : shuffled) {
                CustomerState loaded = CustomerState.decode(bytes);
                applied += loaded.apply(invoice, ids, history) ? 1 : 0;
                bytes = loaded.encode();
            }
            assertEquals(entry.getValue().size(), applied, entry.getKey() + ": each invoice applied once");
            CustomerState withHistory = CustomerState.decode(bytes);
            assertEquals(inline.features(AS_OF), withHistory.features(AS_OF), entry.getKey());
            assertEquals(inline.purchaseHistory(), withHistory.purchaseHistory(), entry.getKey());
            assertEquals(inline.lastPurchaseMillis(), CustomerState.lastPurchaseMillis(bytes));
            pastALimit += pastALimit(inline) ? 1 : 0;
            if (withHistory.hasExternalSets()) {
                moved++;
                assertEquals(3, bytes[0], "a state with a set in the history is version 3");
            } else {
                assertArrayEquals(inline.encode(), bytes, entry.getKey() + ": small states are version 2 as before");
                assertTrue(history.invoices.isEmpty() && history.products.isEmpty() && history.days.isEmpty());
            }
            largest = Math.max(largest, bytes.length);
        }
        System.out.printf("%d of %d customers have a set in the history; largest state %d bytes%n", moved,
                byCustomer.size(), largest);
        assertTrue(moved > 0, "UCI has customers past a limit");
        assertEquals(pastALimit, moved, "a set moves exactly when it passes its limit");
        assertTrue(largest < MAX_INLINE_BYTES, "largest state " + largest);
    }

    @Test
    void givenOneCustomerWithManyInvoices_whenApplied_thenStateStaysSmallAndExact() {
        ToIntFunction<String> ids = new ProductDictionary()::idOf;
        MapHistory history = new MapHistory();
        CustomerState heavy = new CustomerState();
        CustomerState inline = new CustomerState();
        byte[] bytes = heavy.encode();
        int largest = 0;
        long start = Instant.parse("2010-01-01T00:00:00Z").toEpochMilli();
        for (int n = 0; n < 20_000; n++) {
            // 2,000 products and a purchase about every 4 hours (3,333 days): every set passes its limit.
            Invoice invoice = new Invoice(String.valueOf(500_000 + n), "walk-in", "UK", start + n * 14_400_000L,
                    List.of(new InvoiceLine("S" + (n % 2_000), null, 1, 10_000),
                            new InvoiceLine("S" + (n * 7 % 2_000), null, 2, 5_000)), "test");
            CustomerState loaded = CustomerState.decode(bytes);
            assertTrue(loaded.apply(invoice, ids, history));
            assertFalse(loaded.apply(invoice, ids, history), "a redelivered invoice is still recognised");
            bytes = loaded.encode();
            inline.apply(invoice, ids);
            largest = Math.max(largest, bytes.length);
        }
        assertTrue(largest < MAX_INLINE_BYTES, "largest state " + largest);
        assertTrue(bytes.length < 300, "state of " + bytes.length + " bytes once every set has moved");
        long asOf = start + 20_000 * 14_400_000L;
        assertEquals(inline.features(asOf), CustomerState.decode(bytes).features(asOf));
        assertEquals(20_000, CustomerState.decode(bytes).features(asOf).frequency());
        assertEquals(2_000, CustomerState.decode(bytes).features(asOf).uniqueProducts());
        assertEquals(2_000, history.products.size());
        assertEquals(20_000, history.invoices.size());
        assertEquals(inline.purchaseHistory().days(), history.days.size());
    }

    @Test
    void givenAVersion2StateWithLargeSets_whenFirstAppliedWithAHistory_thenTheSetsMoveAndNothingIsLost() {
        Map<String, List<Invoice>> byCustomer = UciInvoices.cleanedByCustomer();
        ToIntFunction<String> ids = BatchFeatures.productIds(new ProductDictionary(), CleaningPolicy.defaults());
        int upgraded = 0;
        for (var entry : byCustomer.entrySet()) {
            List<Invoice> invoices = entry.getValue();
            CustomerState old = new CustomerState();
            invoices.subList(0, invoices.size() - 1).forEach(i -> old.apply(i, ids));
            if (old.isEmpty() || !pastALimit(old)) {
                continue;
            }
            byte[] v2 = old.encode();
            assertEquals(2, v2[0], "written as the current release writes it");
            MapHistory history = new MapHistory();
            CustomerState upgradedState = CustomerState.decode(v2);
            assertFalse(upgradedState.apply(invoices.get(0), ids, history), "an old invoice is still a duplicate");
            assertTrue(upgradedState.apply(invoices.getLast(), ids, history));
            byte[] v3 = upgradedState.encode();
            assertEquals(3, v3[0]);
            assertTrue(v3.length < v2.length, v3.length + " against " + v2.length);
            CustomerState all = new CustomerState();
            invoices.forEach(i -> all.apply(i, ids));
            assertEquals(all.features(AS_OF), CustomerState.decode(v3).features(AS_OF), entry.getKey());
            for (Invoice invoice : invoices) {
                assertFalse(CustomerState.decode(v3).apply(invoice, ids, history), "no invoice applies twice");
            }
            upgraded++;
        }
        assertTrue(upgraded > 0, "UCI has customers with a set past its limit");
    }
}
