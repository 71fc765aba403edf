package io.segstream.core.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segstream.core.clv.PurchaseHistory;
import io.segstream.core.cleaning.CleaningPolicy;
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

    @Test
    void givenAllUciCustomers_whenAppliedShuffledTwiceOrInOrder_thenStatesAreIdenticalAndEncodingIsCompact() {
        Map<String, List<Invoice>> byCustomer = UciInvoices.cleanedByCustomer();
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
        Features f = new Features(0, 0, 0, 3, 2, 50_000, 5.0, 7, 2.5, 4, 1, 1.5, null);
        assertArrayEquals(new double[] {3, 2, 5.0, 7, 4, 2.5}, FeatureVector.of(f));
        assertArrayEquals(new double[] {1, 1.5}, FeatureVector.of(f, List.of("frequency_6m", "monetary_6m")));
        assertThrows(IllegalArgumentException.class, () -> FeatureVector.value(f, "age"));
    }

    @Test
    void givenPurchasesOutOfOrderWithReturnsAndSameDayInvoices_whenApplied_thenPurchaseDaysAndRepeatSpendExact() {
        CustomerState s = new CustomerState();
        s.apply(invoice("3", "2011-03-10T09:00:00Z", 2, 50_000), IDS);  // 10.00 on day 3
        s.apply(invoice("C4", "2011-03-11T09:00:00Z", -1, 50_000), IDS); // a return: not a purchase day
        s.apply(invoice("2", "2011-03-03T16:00:00Z", 1, 30_000), IDS);  // 3.00, a new first day
        s.apply(invoice("1", "2011-03-03T08:00:00Z", 1, 20_000), IDS);  // 2.00, the same first day
        s.apply(invoice("5", "2011-03-10T18:00:00Z", 1, 10_000), IDS);  // 1.00, day 3 again
        s.apply(invoice("6", "2011-03-24T10:00:00Z", 4, 10_000), IDS);  // 4.00
        var h = s.purchaseHistory();
        assertEquals(3, h.days(), "Mar 3, 10 and 24");
        assertEquals(t("2011-03-03T00:00:00Z") / 86_400_000L, h.firstDay());
        assertEquals(t("2011-03-24T00:00:00Z") / 86_400_000L, h.lastDay());
        assertEquals(150_000, h.repeatSpendE4(), "Mar 10 (11.00) and Mar 24 (4.00)");
        var summary = h.summaryAt(t("2011-03-31T00:00:00Z") / 86_400_000L);
        assertEquals(2, summary.x());
        assertEquals(3.0, summary.tx());
        assertEquals(4.0, summary.T());
        assertEquals(7.5, summary.meanRepeatSpend());
        assertEquals(h, CustomerState.decode(s.encode()).purchaseHistory());
        CustomerState onlyReturns = new CustomerState();
        onlyReturns.apply(invoice("C1", "2011-03-11T09:00:00Z", -1, 50_000), IDS);
        assertNull(onlyReturns.purchaseHistory());
        assertNull(CustomerState.decode(onlyReturns.encode()).features(t("2011-03-12T00:00:00Z")).purchases());
    }

    @Test
    void givenAllUciCustomers_whenPurchaseHistorySummarised_thenEqualsAPlainPerDayTally() {
        long endDay = t("2011-12-09T00:00:00Z") / 86_400_000L;
        ToIntFunction<String> ids = BatchFeatures.productIds(new ProductDictionary(), CleaningPolicy.defaults());
        int repeaters = 0;
        int buyers = 0;
        for (var entry : UciInvoices.cleanedByCustomer().entrySet()) {
            CustomerState s = new CustomerState();
            TreeMap<Long, Long> spendByDay = new TreeMap<>();
            for (Invoice invoice : entry.getValue()) {
                s.apply(invoice, ids);
                long amount = invoice.lines().stream().mapToLong(l -> l.quantity() * l.unitPriceE4()).sum();
                boolean purchase = !invoice.invoiceNo().startsWith("C")
                        && invoice.lines().stream().noneMatch(l -> l.quantity() < 0) && amount > 0;
                if (purchase) {
                    spendByDay.merge(Math.floorDiv(invoice.invoiceTimeMillis(), 86_400_000L), amount, Long::sum);
                }
            }
            var h = s.purchaseHistory();
            if (spendByDay.isEmpty()) {
                assertNull(h, entry.getKey());
                continue;
            }
            long repeatSpend = spendByDay.values().stream().mapToLong(Long::longValue).sum()
                    - spendByDay.firstEntry().getValue();
            assertEquals(new PurchaseHistory(spendByDay.size(), spendByDay.firstKey(), spendByDay.lastKey(),
                    repeatSpend), h, entry.getKey());
            assertEquals(h, CustomerState.decode(s.encode()).purchaseHistory(), entry.getKey());
            buyers++;
            repeaters += spendByDay.size() > 1 ? 1 : 0;
            var summary = h.summaryAt(endDay);
            assertEquals(spendByDay.size() - 1, summary.x());
            assertEquals((endDay - spendByDay.firstKey()) / 7.0, summary.T());
        }
        // pandas on the same file (dropna, drop_duplicates, invoices not C, no negative line, positive total,
        // InvoiceDate floored to the day): 4,338 customers with a purchase day, 2,790 with more than one.
        assertEquals(4_338, buyers, "customers with a purchase day");
        assertEquals(2_790, repeaters, "customers with a repeat purchase day");
    }

    /**
     * Upgrade: every Online Retail customer's state as the first release wrote it (codec version 1, the file
     * {@code state/customer-state-v1.tsv.gz}: customer, Base64 bytes, the features that release computed at
     * 2011-12-09 12:50) is read by this release with the same features, its purchase days unknown; written again it
     * becomes version 2 and stays so; a later invoice still applies.
     */
    @Test
    void givenStatesWrittenByCodecVersion1_whenRead_thenEveryCustomerHasTheSameFeaturesAndUnknownPurchaseDays()
            throws Exception {
        long asOf = t("2011-12-09T12:50:00Z");
        int read = 0;
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(new java.util.zip.GZIPInputStream(
                getClass().getResourceAsStream("/state/customer-state-v1.tsv.gz")),
                java.nio.charset.StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] cells = line.split("\t");
                byte[] v1 = java.util.Base64.getDecoder().decode(cells[1]);
                assertEquals(1, v1[0], "fixture written by version 1");
                CustomerState old = CustomerState.decode(v1);
                Features f = old.features(asOf);
                assertEquals(cells[2], f.toString().replace(", purchases=null]", "]"), cells[0]);
                assertNull(old.purchaseHistory());
                assertEquals(f.lastPurchaseMillis(), CustomerState.lastPurchaseMillis(v1));
                byte[] v2 = old.encode();
                assertEquals(2, v2[0]);
                assertEquals(f, CustomerState.decode(v2).features(asOf), cells[0]);
                assertTrue(old.apply(invoice("999999", "2011-12-10T10:00:00Z", 1, 10_000), IDS));
                Features after = CustomerState.decode(old.encode()).features(asOf + 86_400_000L);
                assertEquals(f.frequency() + 1, after.frequency());
                assertNull(after.purchases(), "still unknown after a new invoice");
                read++;
            }
        }
        assertEquals(4_372, read);
    }
}
