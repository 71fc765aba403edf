package io.segstream.core.cleaning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segstream.testing.TestData;
import io.segstream.ingest.TransactionReader;
import io.segstream.core.invoice.Invoice;
import io.segstream.core.invoice.InvoiceLine;
import io.segstream.core.invoice.ProductCodes;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CleaningTest {

    private static final CleaningPolicy DEFAULTS = CleaningPolicy.defaults();

    private static Invoice invoice(String no, String customer, InvoiceLine... lines) {
        return new Invoice(no, customer, "UK", 0L, List.of(lines), "test");
    }

    @Test
    void givenNoCustomer_whenCleaned_thenNotSegmentableAndNothingApplied() {
        CleaningResult r = Cleaning.clean(invoice("1", null, new InvoiceLine("85123A", "x", 1, 10_000)), DEFAULTS);
        assertEquals(Outcome.NOT_SEGMENTABLE, r.outcome());
        assertNull(r.cleaned());
    }

    @Test
    void givenRepeatedLine_whenCleaned_thenCopyRemovedAndCounted() {
        InvoiceLine line = new InvoiceLine("85123A", "x", 2, 25_500);
        CleaningResult r = Cleaning.clean(invoice("1", "c", line, line, new InvoiceLine("85123A", "x", 3, 25_500),
                line), DEFAULTS);
        assertEquals(Outcome.ACCEPTED, r.outcome());
        assertEquals(2, r.duplicateLines());
        assertEquals(2, r.cleaned().lines().size());
    }

    @Test
    void givenReturn_whenPolicySubtractOrIgnore_thenAppliedNegativeOrNotAtAll() {
        Invoice cancelled = invoice("C9", "c", new InvoiceLine("85123A", "x", -2, 25_500));
        Invoice negativeOnly = invoice("9", "c", new InvoiceLine("85123A", "x", -1, 0));
        CleaningResult subtract = Cleaning.clean(cancelled, DEFAULTS);
        assertEquals(Outcome.RETURN, subtract.outcome());
        assertEquals(-51_000, subtract.cleaned().amountE4());
        assertEquals(Outcome.RETURN, Cleaning.clean(negativeOnly, DEFAULTS).outcome());
        CleaningResult ignore = Cleaning.clean(cancelled, DEFAULTS.withReturns(ReturnPolicy.IGNORE));
        assertEquals(Outcome.RETURN, ignore.outcome());
        assertTrue(ignore.toApply().isEmpty());
    }

    @Test
    void givenFeeLines_whenFeesExcludedFromMonetary_thenOnlyProductLinesRemain() {
        Invoice inv = invoice("1", "c", new InvoiceLine("POST", "postage", 1, 180_000),
                new InvoiceLine("DCGSSGIRL", "girls party bag", 1, 33_300));
        CleaningResult included = Cleaning.clean(inv, DEFAULTS);
        assertSame(inv, included.cleaned());
        assertEquals(1, included.feeLines());
        CleaningResult excluded = Cleaning.clean(inv, DEFAULTS.withFeesInMonetary(false));
        assertEquals(List.of("DCGSSGIRL"), excluded.cleaned().lines().stream().map(InvoiceLine::stockCode).toList());
    }

    @Test
    void givenAbsurdQuantityOrPrice_whenCleaned_thenInvalidWithReason() {
        CleaningResult q = Cleaning.clean(invoice("1", "c", new InvoiceLine("23843", "x", 2_000_000, 10)), DEFAULTS);
        assertEquals(Outcome.INVALID, q.outcome());
        assertTrue(q.reason().contains("quantity 2000000"), q.reason());
        CleaningResult p = Cleaning.clean(invoice("C2", "c", new InvoiceLine("M", "x", -1, -20_000_000_000L)),
                DEFAULTS);
        assertEquals(Outcome.INVALID, p.outcome(), "INVALID wins over RETURN");
    }

    @Test
    void givenUciFile_whenCleanedWithDefaultsOrTightBounds_thenCountersMatchPlainComputationOverRawRows() {
        for (CleaningPolicy policy : List.of(DEFAULTS, new CleaningPolicy(ReturnPolicy.IGNORE, true, false, true,
                5_000, 5_000 * 10_000L))) {
            CleaningStats stats = CleaningStats.EMPTY;
            try (TransactionReader reader = TransactionReader.open(TestData.onlineRetail())) {
                for (Invoice invoice : reader) {
                    stats = stats.plus(Cleaning.clean(invoice, policy));
                }
            }
            CleaningStats expected = plain(policy);
            assertEquals(expected, stats, "policy " + policy);
            assertEquals(stats.invoices(), stats.accepted() + stats.returns() + stats.notSegmentable() + stats.invalid());
            assertEquals(25_900, stats.invoices());
            assertEquals(541_909, stats.lines());
            System.out.println(policy + " -> " + stats);
        }
    }

    /** The same rules written directly over the raw CSV rows, without the invoice types. */
    private static CleaningStats plain(CleaningPolicy policy) {
        Map<String, List<String[]>> byInvoice = new LinkedHashMap<>();
        for (String[] row : TestData.rawRows()) {
            byInvoice.computeIfAbsent(row[0], k -> new java.util.ArrayList<>()).add(row);
        }
        long accepted = 0, returns = 0, notSegmentable = 0, invalid = 0, applied = 0, lines = 0, dups = 0, fees = 0;
        BigDecimal maxPrice = BigDecimal.valueOf(policy.maxAbsUnitPriceE4()).movePointLeft(4);
        for (Map.Entry<String, List<String[]>> e : byInvoice.entrySet()) {
            Set<String> seen = new HashSet<>();
            boolean negative = false, absurd = false;
            for (String[] r : e.getValue()) {
                lines++;
                if (!seen.add(String.join("\u0001", r[1], r[2], r[3], r[5]))) {
                    dups++;
                    continue;
                }
                if (ProductCodes.FEE_CODES.contains(r[1])) {
                    fees++;
                }
                long q = Long.parseLong(r[3]);
                negative |= q < 0;
                absurd |= Math.abs(q) > policy.maxAbsQuantity() || new BigDecimal(r[5]).abs().compareTo(maxPrice) > 0;
            }
            if (e.getValue().get(0)[6].isEmpty()) {
                notSegmentable++;
            } else if (absurd) {
                invalid++;
            } else if (e.getKey().startsWith("C") || negative) {
                returns++;
                applied += policy.returns() == ReturnPolicy.SUBTRACT ? 1 : 0;
            } else {
                accepted++;
                applied++;
            }
        }
        return new CleaningStats(byInvoice.size(), accepted, returns, notSegmentable, invalid, applied, lines, dups,
                fees);
    }
}
