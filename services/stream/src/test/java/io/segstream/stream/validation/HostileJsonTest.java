package io.segstream.stream.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.segstream.avro.InvoiceEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Well-formed JSON whose values break arithmetic or memory further on: each is a rejection with its reason, found
 * quickly, and never an exception out of the decoder.
 */
class HostileJsonTest {

    private final JsonInvoiceDecoder decoder = new JsonInvoiceDecoder();

    private static String invoice(String time, String price) {
        return "{\"invoiceNo\":\"1\",\"customerId\":\"c\",\"invoiceTime\":" + time
                + ",\"lines\":[{\"stockCode\":\"A\",\"quantity\":1,\"unitPrice\":" + price + "}]}";
    }

    private Decoded.Rejected rejected(String json) {
        return assertInstanceOf(Decoded.Rejected.class, decoder.decode(json.getBytes(StandardCharsets.UTF_8)),
                json.length() > 200 ? json.substring(0, 200) : json);
    }

    @Test
    void givenLegalIsoInstantsBeyondEpochMillis_whenDecoded_thenTimeRejections() {
        assertEquals(RejectReason.FUTURE_TIME, rejected(invoice("\"+300000000-01-01T00:00:00Z\"", "1")).rejection()
                .reason());
        assertEquals(RejectReason.PAST_TIME, rejected(invoice("\"-300000000-01-01T00:00:00Z\"", "1")).rejection()
                .reason());
        assertEquals(RejectReason.FUTURE_TIME, rejected(invoice("92233720368547758070", "1")).rejection().reason(),
                "an integer beyond a long");
        // The last instant whose epoch milliseconds fit still decodes: the window check is the intake's.
        Instant last = Instant.ofEpochMilli(Long.MAX_VALUE);
        InvoiceEvent event = assertInstanceOf(Decoded.Accepted.class, decoder.decode(invoice("\"" + last + "\"", "1")
                .getBytes(StandardCharsets.UTF_8))).invoice();
        assertEquals(last, event.getInvoiceTime());
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void givenPricesWithHugeExponents_whenDecoded_thenRefusedBeforeTheyAreExpanded() {
        for (String price : new String[] {"1e999999999", "\"1E+999999999\"", "1e400", "-1e20"}) {
            Decoded.Rejected r = rejected(invoice("\"2011-01-01T00:00:00Z\"", price));
            assertEquals(RejectReason.PRICE_OUT_OF_BOUNDS, r.rejection().reason(), price);
        }
        // 14 integer digits fit a decimal(18, 4); 15 do not.
        assertInstanceOf(Decoded.Accepted.class, decoder.decode(invoice("\"2011-01-01T00:00:00Z\"",
                "99999999999999.9999").getBytes(StandardCharsets.UTF_8)));
        assertEquals(RejectReason.PRICE_OUT_OF_BOUNDS, rejected(invoice("\"2011-01-01T00:00:00Z\"",
                "999999999999999")).rejection().reason());
        assertEquals(RejectReason.UNDECODABLE, rejected(invoice("\"2011-01-01T00:00:00Z\"", "1e-999999999"))
                .rejection().reason(), "more than four decimals");
    }

    @Test
    void givenParserLimitsAtAndPastTheirBounds_whenDecoded_thenOnlyThePastAreUndecodable() {
        String deepAtBound = "{\"x\":" + "[".repeat(JsonInvoiceDecoder.MAX_DEPTH - 1)
                + "]".repeat(JsonInvoiceDecoder.MAX_DEPTH - 1) + "}";
        assertEquals(RejectReason.MISSING_FIELD, rejected(deepAtBound).rejection().reason(),
                "parsed; only the invoice fields are missing");
        String deeper = "{\"x\":" + "[".repeat(JsonInvoiceDecoder.MAX_DEPTH) + "]".repeat(JsonInvoiceDecoder.MAX_DEPTH)
                + "}";
        Decoded.Rejected tooDeep = rejected(deeper);
        assertEquals(RejectReason.UNDECODABLE, tooDeep.rejection().reason());
        assertTrue(tooDeep.rejection().detail().contains("nesting depth"), tooDeep.rejection().detail());

        String longNumber = "1".repeat(JsonInvoiceDecoder.MAX_NUMBER_LENGTH + 1);
        assertEquals(RejectReason.UNDECODABLE, rejected(invoice("\"2011-01-01T00:00:00Z\"", longNumber))
                .rejection().reason());
        String longString = "{\"invoiceNo\":\"" + "9".repeat(JsonInvoiceDecoder.MAX_STRING_LENGTH + 1) + "\"}";
        assertEquals(RejectReason.UNDECODABLE, rejected(longString).rejection().reason());
    }

    @Test
    void givenInvoiceTimes_whenReadForStreamTime_thenOnlyTheTopLevelFieldCounts() {
        assertEquals(Instant.parse("2011-01-01T00:00:00Z").toEpochMilli(), JsonInvoiceDecoder.invoiceTimeOf(
                invoice("\"2011-01-01T00:00:00Z\"", "1").getBytes(StandardCharsets.UTF_8)));
        assertEquals(1_293_840_000_000L, JsonInvoiceDecoder.invoiceTimeOf(
                "{\"lines\":[{\"invoiceTime\":5}],\"invoiceTime\":1293840000000}".getBytes(StandardCharsets.UTF_8)));
        for (String bad : new String[] {invoice("\"+300000000-01-01T00:00:00Z\"", "1"), "[1]", "{", "",
                invoice("92233720368547758070", "1"), invoice("\"yesterday\"", "1"), invoice("1.5", "1")}) {
            assertEquals(Long.MIN_VALUE, JsonInvoiceDecoder.invoiceTimeOf(bad.getBytes(StandardCharsets.UTF_8)),
                    bad);
        }
    }
}
