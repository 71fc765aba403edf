package io.segstream.stream.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.segstream.avro.InvoiceEvent;
import io.segstream.avro.InvoiceLine;
import io.segstream.core.invoice.Invoice;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.platform.mapping.InvoiceMapping;
import org.junit.jupiter.api.Test;

/** Each bound at the door: accepted at the bound, refused one past it, on both the Avro and the fast path. */
class InvoiceBoundsTest {

    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static final InvoiceBounds BOUNDS = InvoiceBounds.DEFAULT;
    private final InvoiceChecks checks = new InvoiceChecks(BOUNDS, NOW::toEpochMilli);

    private static InvoiceEvent invoice(Instant time, List<InvoiceLine> lines) {
        return InvoiceEvent.newBuilder().setInvoiceNo("550000").setCustomerId("12345").setCountry("France")
                .setInvoiceTime(time).setLines(lines).setSource("test").build();
    }

    private static InvoiceLine line(int quantity, String price) {
        return InvoiceLine.newBuilder().setStockCode("22423").setDescription(null).setQuantity(quantity)
                .setUnitPrice(new BigDecimal(price).setScale(4)).build();
    }

    private static List<InvoiceLine> lines(int count, int quantity, String price) {
        List<InvoiceLine> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(line(quantity, price));
        }
        return lines;
    }

    /** Checks {@code event} on both paths and returns the reason (the same on both), or null when accepted. */
    private RejectReason reason(InvoiceEvent event, long streamTime) {
        Optional<Rejection> avro = checks.check("12345", event, streamTime);
        Invoice fast = InvoiceMapping.toInvoice(event);
        Optional<Rejection> core = checks.check("12345", fast, streamTime);
        assertEquals(avro.map(Rejection::reason), core.map(Rejection::reason), "both paths agree");
        return avro.map(Rejection::reason).orElse(null);
    }

    @Test
    void givenLinesAtAndPastTheBound_whenChecked_thenOnlyThePastIsRefused() {
        Instant t = Instant.parse("2011-06-01T10:00:00Z");
        assertEquals(null, reason(invoice(t, lines(BOUNDS.maxLines(), 1, "1")), -1));
        assertEquals(RejectReason.TOO_MANY_LINES, reason(invoice(t, lines(BOUNDS.maxLines() + 1, 1, "1")), -1));
    }

    @Test
    void givenTotalsAtAndPastTheBound_whenChecked_thenOnlyThePastIsRefused() {
        Instant t = Instant.parse("2011-06-01T10:00:00Z");
        // 1,000 lines of 1,000,000 x 1.0000 = 10^9, the default bound; one ten-thousandth more is past it.
        List<InvoiceLine> atBound = lines(1_000, 1_000_000, "1");
        assertEquals(null, reason(invoice(t, atBound), -1));
        List<InvoiceLine> past = new ArrayList<>(atBound);
        past.add(line(1, "0.0001"));
        assertEquals(RejectReason.AMOUNT_OUT_OF_BOUNDS, reason(invoice(t, past), -1));
        List<InvoiceLine> negative = lines(1_000, -1_000_000, "1");
        negative.add(line(-1, "0.0001"));
        assertEquals(RejectReason.AMOUNT_OUT_OF_BOUNDS, reason(invoice(t, negative), -1), "returns too");
    }

    @Test
    void givenLinesThatWouldOverflowALong_whenCheckedWithTheWidestBounds_thenRefusedNotThrown() {
        var widest = new InvoiceBounds(Integer.MAX_VALUE, 1e14, 0, 0, 1_000, 1_000_000, Long.MAX_VALUE, 0);
        var wide = new InvoiceChecks(widest, NOW::toEpochMilli);
        var event = invoice(Instant.parse("2011-06-01T10:00:00Z"), lines(3, Integer.MAX_VALUE, "99999999999999"));
        assertEquals(Optional.of(RejectReason.AMOUNT_OUT_OF_BOUNDS),
                wide.check("12345", event, -1).map(Rejection::reason));
    }

    @Test
    void givenTimesAtAndPastTheWindow_whenChecked_thenOnlyThePastAreRefused() {
        long latest = NOW.toEpochMilli() + BOUNDS.maxFutureMillis();
        assertEquals(null, reason(invoice(Instant.ofEpochMilli(latest), lines(1, 1, "1")), -1),
                "the wall clock plus the skew is still plausible");
        assertEquals(RejectReason.FUTURE_TIME, reason(invoice(Instant.ofEpochMilli(latest + 1), lines(1, 1, "1")),
                -1), "one ms past it is not, whatever stream time says");
        assertEquals(null, reason(invoice(Instant.EPOCH, lines(1, 1, "1")), -1));
        assertEquals(RejectReason.PAST_TIME, reason(invoice(Instant.ofEpochMilli(-1), lines(1, 1, "1")), -1));
    }

    @Test
    void givenInstantsBeyondEpochMillis_whenCheckedOnTheAvroPath_thenRefusedNotOverflowed() {
        Optional<Rejection> far = checks.check("12345", invoice(Instant.parse("+300000000-01-01T00:00:00Z"),
                lines(1, 1, "1")), -1);
        assertEquals(RejectReason.FUTURE_TIME, far.orElseThrow().reason());
        Optional<Rejection> early = checks.check("12345", invoice(Instant.parse("-300000000-01-01T00:00:00Z"),
                lines(1, 1, "1")), -1);
        assertEquals(RejectReason.PAST_TIME, early.orElseThrow().reason());
    }

    @Test
    void givenStreamTimeNearTheEndOfALong_whenChecked_thenNoOverflow() {
        var event = invoice(Instant.parse("2011-06-01T10:00:00Z"), lines(1, 1, "1"));
        assertEquals(Optional.of(RejectReason.PAST_TIME), checks.check("12345", event, Long.MAX_VALUE - 1)
                .map(Rejection::reason), "a stream time at the end of a long is compared without overflow");
    }

    @Test
    void givenSettings_whenParsed_thenEachBoundIsSetOrNamedWhenBad() {
        SegstreamConfig config = SegstreamConfig.load(Optional.empty(), Map.of(InvoiceBounds.MAX_LINES, "50",
                InvoiceBounds.MAX_INVOICE_TOTAL, "12.5", InvoiceBounds.MAX_FUTURE, "2h",
                InvoiceBounds.MIN_TIME, "2000-01-01T00:00:00Z", InvoiceBounds.MAX_TEXT_LENGTH, "80"));
        InvoiceBounds parsed = InvoiceBounds.from(config);
        assertEquals(50, parsed.maxLines());
        assertEquals(125_000L, parsed.maxAbsTotalE4());
        assertEquals(7_200_000L, parsed.maxFutureMillis());
        assertEquals(Instant.parse("2000-01-01T00:00:00Z").toEpochMilli(), parsed.minTimeMillis());
        assertEquals(80, parsed.maxTextLength());
        assertEquals(BOUNDS.maxAbsQuantity(), parsed.maxAbsQuantity(), "unset keys keep their defaults");
        var bad = assertThrows(IllegalArgumentException.class, () -> InvoiceBounds.from(SegstreamConfig.load(Optional.empty(), 
                Map.of(InvoiceBounds.MAX_LINES, "-3"))));
        assertTrue(bad.getMessage().contains(InvoiceBounds.MAX_LINES), bad.getMessage());
        var total = assertThrows(IllegalArgumentException.class, () -> InvoiceBounds.from(SegstreamConfig.load(Optional.empty(), 
                Map.of(InvoiceBounds.MAX_INVOICE_TOTAL, "1e300"))));
        assertTrue(total.getMessage().contains(InvoiceBounds.MAX_INVOICE_TOTAL), total.getMessage());
    }
}
