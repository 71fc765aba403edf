package io.segstream.core.cleaning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segstream.core.invoice.Invoice;
import io.segstream.core.invoice.InvoiceLine;
import java.util.List;
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
}
