package io.segstream.core.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segstream.testing.TestData;
import io.segstream.core.cleaning.Cleaning;
import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.ingest.TransactionReader;
import io.segstream.core.invoice.Invoice;
import io.segstream.core.invoice.InvoiceLine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

class CustomerStateTest {

    private static final ProductDictionary DICTIONARY = new ProductDictionary();
    private static final ToIntFunction<String> IDS = DICTIONARY::idOf;

    private static long t(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    private static Invoice invoice(String no, String time, int quantity, long priceE4) {
        return new Invoice(no, "c", "UK", t(time), List.of(new InvoiceLine("P" + no, null, quantity, priceE4)), "test");
    }

    /** Cleaned UCI invoices grouped by customer, in file order. */
    private static Map<String, List<Invoice>> uciByCustomer() {
        Map<String, List<Invoice>> out = new TreeMap<>();
        try (TransactionReader reader = TransactionReader.open(TestData.onlineRetail())) {
            for (Invoice invoice : reader) {
                Cleaning.clean(invoice, CleaningPolicy.defaults()).toApply()
                        .ifPresent(i -> out.computeIfAbsent(i.customerId(), c -> new ArrayList<>()).add(i));
            }
        }
        return out;
    }

    @Test
    void givenAllUciCustomers_whenAppliedShuffledTwiceOrInOrder_thenStatesAreIdenticalAndEncodingIsCompact() {
        Map<String, List<Invoice>> byCustomer = uciByCustomer();
        ProductDictionary dictionary = new ProductDictionary();
        ToIntFunction<String> ids = BatchFeatures.productIds(dictionary, CleaningPolicy.defaults());
        Random random = new Random(42);
        long asOf = t("2011-12-09T12:50:00Z");
        int[] sizes = new int[byCustomer.size()];
        int n = 0;
        for (List<Invoice> invoices : byCustomer.values()) {
            CustomerState inOrder = new CustomerState();
            invoices.forEach(i -> inOrder.apply(i, ids));
            List<Invoice> shuffled = new ArrayList<>(invoices);
            shuffled.addAll(invoices);
            Collections.shuffle(shuffled, random);
            CustomerState incremental = new CustomerState();
            int applied = 0;
            for (Invoice invoice : shuffled) {
                // Round-trip through bytes on every step, as the state store does.
                CustomerState loaded = CustomerState.decode(incremental.encode());
                applied += loaded.apply(invoice, ids) ? 1 : 0;
                incremental = loaded;
            }
            assertEquals(invoices.size(), applied, "each invoice applied once");
            byte[] bytes = inOrder.encode();
            assertArrayEquals(bytes, incremental.encode());
            assertEquals(inOrder.features(asOf), incremental.features(asOf));
            assertEquals(inOrder.features(asOf), CustomerState.decode(bytes).features(asOf));
            assertEquals(inOrder.lastPurchaseMillis(), CustomerState.lastPurchaseMillis(bytes));
            sizes[n++] = bytes.length;
        }
        double mean = Arrays.stream(sizes).average().orElseThrow();
        int[] sorted = sizes.clone();
        Arrays.sort(sorted);
        System.out.printf("encoded state bytes over %d customers: mean=%.1f median=%d p95=%d p99=%d max=%d%n",
                n, mean, sorted[n / 2], sorted[(int) (n * 0.95)], sorted[(int) (n * 0.99)], sorted[n - 1]);
        assertTrue(mean <= 256, "mean encoded size " + mean);
    }

    @Test
    void givenOnlyCancellations_whenFeaturesComputed_thenNegativeMonetaryAndCountedInvoices() {
        CustomerState s = new CustomerState();
        s.apply(invoice("C100", "2011-03-01T10:00:00Z", -2, 15_000), IDS);
        s.apply(invoice("C101", "2011-03-05T09:00:00Z", -1, 12_500), IDS);
        Features f = s.features(t("2011-03-10T12:00:00Z"));
        assertEquals(2, f.frequency());
        assertEquals(-4.25, f.monetary());
        assertEquals(-2.125, f.avgSpend());
        assertEquals(6, f.recencyDays(), "Mar 5 09:00 to Mar 11 12:00 is 6 days 3 hours");
        assertEquals(3, f.lengthDays());
        assertEquals(2, f.uniqueProducts());
    }

    @Test
    void givenSameInvoiceTwice_whenApplied_thenSecondIsIgnored() {
        CustomerState s = new CustomerState();
        Invoice inv = invoice("536365", "2010-12-01T08:26:00Z", 6, 25_500);
        assertTrue(s.apply(inv, IDS));
        byte[] once = s.encode();
        assertFalse(s.apply(inv, IDS));
        assertArrayEquals(once, s.encode());
        assertEquals(15.3, s.features(inv.invoiceTimeMillis()).monetary());
    }

    @Test
    void givenInvoicesAcrossAYear_whenAsOfMoves_thenSixMonthWindowDropsOldMonths() {
        CustomerState s = new CustomerState();
        s.apply(invoice("1", "2011-01-15T10:00:00Z", 1, 10_000), IDS);
        s.apply(invoice("2", "2011-06-30T23:59:00Z", 1, 20_000), IDS);
        s.apply(invoice("3", "2011-07-01T00:00:00Z", 1, 40_000), IDS);
        s.apply(invoice("4", "2011-12-09T12:50:00Z", 1, 80_000), IDS);
        Features dec = s.features(t("2011-12-09T12:50:00Z"));
        assertEquals(4, dec.frequency());
        assertEquals(2, dec.frequency6m(), "July to December");
        assertEquals(12.0, dec.monetary6m());
        Features june = s.features(t("2011-06-30T23:59:00Z"));
        assertEquals(2, june.frequency6m(), "January to June");
        assertEquals(3.0, june.monetary6m());
        Features jan = s.features(t("2012-01-01T00:00:00Z"));
        assertEquals(1, jan.frequency6m(), "August to January");
        assertEquals(8.0, jan.monetary6m());
    }

    @Test
    void givenRecencyAtDayBoundaries_whenComputed_thenWholeDaysFlooredFromAsOfPlusOneDay() {
        CustomerState s = new CustomerState();
        s.apply(invoice("1", "2011-12-08T12:50:00Z", 1, 10_000), IDS);
        assertEquals(2, s.features(t("2011-12-09T12:50:00Z")).recencyDays());
        assertEquals(1, s.features(t("2011-12-09T12:49:00Z")).recencyDays());
        assertEquals(1, s.features(t("2011-12-08T12:50:00Z")).recencyDays(), "pandas gives 1 for the latest buyer");
    }

    @Test
    void givenNonNumericInvoiceNumbers_whenRoundTripped_thenKeptDistinctAndIdempotent() {
        CustomerState s = new CustomerState();
        for (String no : List.of("INV-2024-0001", "INV-2024-0002", "C536379", "A563185", "536379", "L17")) {
            assertTrue(s.apply(invoice(no, "2024-01-01T00:00:00Z", 1, 10_000), IDS), no);
        }
        CustomerState copy = CustomerState.decode(s.encode());
        assertFalse(copy.apply(invoice("INV-2024-0002", "2024-01-01T00:00:00Z", 1, 10_000), IDS));
        assertEquals(6, copy.features(t("2024-01-01T00:00:00Z")).frequency());
    }

    @Test
    void givenCorruptBytes_whenDecoded_thenClearError() {
        CustomerState s = new CustomerState();
        s.apply(invoice("1", "2011-01-15T10:00:00Z", 1, 10_000), IDS);
        byte[] bytes = s.encode();
        assertThrows(IllegalArgumentException.class, () -> CustomerState.decode(Arrays.copyOf(bytes, bytes.length - 1)));
        assertThrows(IllegalArgumentException.class, () -> CustomerState.decode(new byte[] {9}));
        assertThrows(IllegalStateException.class, () -> new CustomerState().features(0));
    }

    @Test
    void givenFeatures_whenVectorised_thenReferenceColumnOrder() {
        Features f = new Features(0, 0, 0, 3, 2, 50_000, 5.0, 7, 2.5, 4, 1, 1.5);
        assertArrayEquals(new double[] {3, 2, 5.0, 7, 4, 2.5}, FeatureVector.of(f));
        assertArrayEquals(new double[] {1, 1.5}, FeatureVector.of(f, List.of("frequency_6m", "monetary_6m")));
        assertThrows(IllegalArgumentException.class, () -> FeatureVector.value(f, "age"));
    }
}
