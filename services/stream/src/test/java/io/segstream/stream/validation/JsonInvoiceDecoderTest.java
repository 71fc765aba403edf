package io.segstream.stream.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.segstream.avro.InvoiceEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonInvoiceDecoderTest {

    private final JsonInvoiceDecoder decoder = new JsonInvoiceDecoder();

    @Test
    void givenContractExample_whenDecoded_thenEveryFieldMapped() {
        String json = """
                {"invoiceNo":"536365","customerId":"17850","country":"United Kingdom",
                 "invoiceTime":"2010-12-01T08:26:00Z",
                 "lines":[{"stockCode":"85123A","description":"WHITE HANGING HEART","quantity":6,"unitPrice":"2.55"},
                          {"stockCode":"71053","quantity":-2,"unitPrice":3.39}]}
                """;

        Decoded decoded = decoder.decode(json.getBytes(StandardCharsets.UTF_8));

        InvoiceEvent event = assertInstanceOf(Decoded.Accepted.class, decoded).invoice();
        assertEquals("536365", event.getInvoiceNo());
        assertEquals("17850", event.getCustomerId());
        assertEquals(Instant.parse("2010-12-01T08:26:00Z"), event.getInvoiceTime());
        assertEquals(2, event.getLines().size());
        assertEquals(new BigDecimal("2.5500"), event.getLines().get(0).getUnitPrice());
        assertEquals(new BigDecimal("3.3900"), event.getLines().get(1).getUnitPrice());
        assertEquals(-2, event.getLines().get(1).getQuantity());
        assertEquals(null, event.getLines().get(1).getDescription());
        assertEquals("json", event.getSource());
    }

    @Test
    void givenEpochMillisAndNoCustomer_whenDecoded_thenAcceptedWithNullCustomer() {
        String json = """
                {"invoiceNo":"1","invoiceTime":1291191960000,"lines":[{"stockCode":"A","quantity":1,"unitPrice":1}]}
                """;

        InvoiceEvent event = assertInstanceOf(Decoded.Accepted.class,
                decoder.decode(json.getBytes(StandardCharsets.UTF_8))).invoice();

        assertEquals(null, event.getCustomerId());
        assertEquals(1291191960000L, event.getInvoiceTime().toEpochMilli());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not json | {oops | UNDECODABLE | not valid JSON",
        "array | [1,2] | UNDECODABLE | must be an object",
        "no lines | {\"invoiceNo\":\"1\",\"invoiceTime\":1} | MISSING_FIELD | 'lines'",
        "no invoice no | {\"invoiceTime\":1,\"lines\":[]} | MISSING_FIELD | 'invoiceNo'",
        "no time | {\"invoiceNo\":\"1\",\"lines\":[]} | MISSING_FIELD | 'invoiceTime'",
        "bad time | {\"invoiceNo\":\"1\",\"invoiceTime\":\"yesterday\",\"lines\":[]} | UNDECODABLE | invoiceTime",
        "fraction qty | {\"invoiceNo\":\"1\",\"invoiceTime\":1,\"lines\":[{\"stockCode\":\"A\",\"quantity\":1.5,\"unitPrice\":1}]} | MISSING_FIELD | lines[0].quantity",
        "price text | {\"invoiceNo\":\"1\",\"invoiceTime\":1,\"lines\":[{\"stockCode\":\"A\",\"quantity\":1,\"unitPrice\":\"abc\"}]} | UNDECODABLE | lines[0].unitPrice",
        "price scale | {\"invoiceNo\":\"1\",\"invoiceTime\":1,\"lines\":[{\"stockCode\":\"A\",\"quantity\":1,\"unitPrice\":0.00001}]} | UNDECODABLE | more than 4 decimal",
        "no stock | {\"invoiceNo\":\"1\",\"invoiceTime\":1,\"lines\":[{\"quantity\":1,\"unitPrice\":1}]} | MISSING_FIELD | lines[0].stockCode",
    })
    void givenMalformedJson_whenDecoded_thenRejectedWithReasonAndDetail(String name, String json,
                                                                         RejectReason reason, String detailPart) {
        Decoded decoded = decoder.decode(json.getBytes(StandardCharsets.UTF_8));

        Rejection rejection = assertInstanceOf(Decoded.Rejected.class, decoded).rejection();
        assertEquals(reason, rejection.reason());
        assertTrue(rejection.detail().contains(detailPart), rejection.detail());
    }

    @Test
    void givenNullValue_whenDecoded_thenRejectedAsNullValue() {
        Rejection rejection = assertInstanceOf(Decoded.Rejected.class, decoder.decode(null)).rejection();

        assertEquals(RejectReason.NULL_VALUE, rejection.reason());
    }
}
