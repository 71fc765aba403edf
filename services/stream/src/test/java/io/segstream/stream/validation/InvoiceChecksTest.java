package io.segstream.stream.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.segstream.avro.InvoiceEvent;
import io.segstream.avro.InvoiceLine;
import org.junit.jupiter.api.Test;

class InvoiceChecksTest {

    private static final Instant T = Instant.parse("2011-06-01T10:00:00Z");
    private final InvoiceChecks checks = new InvoiceChecks(InvoiceBounds.DEFAULT);

    private static InvoiceEvent invoice(String customer, Instant time, InvoiceLine... lines) {
        return InvoiceEvent.newBuilder().setInvoiceNo("550000").setCustomerId(customer).setCountry("France")
                .setInvoiceTime(time).setLines(List.of(lines)).setSource("test").build();
    }

    private static InvoiceLine line(String code, int quantity, String price) {
        return InvoiceLine.newBuilder().setStockCode(code).setDescription(null).setQuantity(quantity)
                .setUnitPrice(new BigDecimal(price).setScale(4)).build();
    }

    @Test
    void givenGoodInvoice_whenChecked_thenNoProblem() {
        assertEquals(Optional.empty(), checks.check("12345", invoice("12345", T, line("22423", 12, "10.95")),
                T.toEpochMilli()));
        assertEquals(Optional.empty(), checks.check(null, invoice(null, T, line("22423", 1, "1")), -1));
        assertEquals(Optional.empty(), checks.check("", invoice(null, T, line("22423", 1, "1")), -1));
    }

    @Test
    void givenEachKindOfProblem_whenChecked_thenReasonNamesIt() {
        long now = T.toEpochMilli();
        assertReason(RejectReason.KEY_MISMATCH, checks.check("999", invoice("12345", T, line("A", 1, "1")), now));
        assertReason(RejectReason.KEY_MISMATCH, checks.check("12345", invoice(null, T, line("A", 1, "1")), now));
        assertReason(RejectReason.EMPTY_INVOICE, checks.check("12345", invoice("12345", T), now));
        assertReason(RejectReason.MISSING_FIELD, checks.check("12345", invoice("12345", T, line(" ", 1, "1")), now));
        assertReason(RejectReason.QUANTITY_OUT_OF_BOUNDS,
                checks.check("12345", invoice("12345", T, line("A", -1_000_001, "1")), now));
        assertReason(RejectReason.PRICE_OUT_OF_BOUNDS,
                checks.check("12345", invoice("12345", T, line("A", 1, "1000000.5")), now));
        assertReason(RejectReason.FUTURE_TIME,
                checks.check("12345", invoice("12345", Instant.parse("2100-01-01T00:00:00Z"), line("A", 1, "1")), now));
    }

    @Test
    void givenFarPastTimesAndLongTexts_whenChecked_thenRefusedJustPastTheBounds() {
        long now = T.toEpochMilli();
        long tenYears = InvoiceBounds.DEFAULT.maxPastMillis();
        assertEquals(Optional.empty(), checks.check("1", invoice("1", Instant.ofEpochMilli(now - tenYears),
                line("A", 1, "1")), now), "exactly ten years late is still a late invoice");
        assertReason(RejectReason.PAST_TIME, checks.check("1", invoice("1", Instant.ofEpochMilli(now - tenYears - 1),
                line("A", 1, "1")), now));
        assertReason(RejectReason.PAST_TIME, checks.check("1", invoice("1", Instant.parse("1969-12-31T23:59:59Z"),
                line("A", 1, "1")), -1));
        assertEquals(Optional.empty(), checks.check("1", invoice("1", Instant.EPOCH, line("A", 1, "1")), -1));

        String limit = "d".repeat(InvoiceBounds.DEFAULT.maxTextLength());
        InvoiceLine described = InvoiceLine.newBuilder(line("A", 1, "1")).setDescription(limit).build();
        assertEquals(Optional.empty(), checks.check("1", invoice("1", T, described), now));
        InvoiceLine tooLong = InvoiceLine.newBuilder(described).setDescription(limit + "d").build();
        assertReason(RejectReason.FIELD_TOO_LONG, checks.check("1", invoice("1", T, tooLong), now));
        assertReason(RejectReason.FIELD_TOO_LONG, checks.check("1", invoice("1", T, line(limit + "c", 1, "1")), now));
        String longCustomer = "7".repeat(InvoiceBounds.DEFAULT.maxTextLength() + 1);
        var problem = checks.check(longCustomer, invoice(longCustomer, T, line("A", 1, "1")), now);
        assertReason(RejectReason.FIELD_TOO_LONG, problem);
        assertTrue(problem.orElseThrow().detail().length() < 200, "the detail does not repeat the huge text");
    }

    @Test
    void givenInvoiceOneDayAhead_whenChecked_thenStillAccepted() {
        var problem = checks.check("12345", invoice("12345", T.plusSeconds(86_400), line("A", 1, "1")),
                T.toEpochMilli());

        assertEquals(Optional.empty(), problem);
    }

    private static void assertReason(RejectReason expected, Optional<Rejection> actual) {
        assertTrue(actual.isPresent(), "expected " + expected);
        assertEquals(expected, actual.get().reason(), actual.get().detail());
    }
}
