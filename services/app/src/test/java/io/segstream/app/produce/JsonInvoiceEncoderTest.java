package io.segstream.app.produce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;

import io.segstream.core.invoice.Invoice;
import io.segstream.core.invoice.InvoiceLine;
import io.segstream.platform.mapping.InvoiceMapping;
import io.segstream.stream.validation.Decoded;
import io.segstream.stream.validation.JsonInvoiceDecoder;
import org.junit.jupiter.api.Test;

class JsonInvoiceEncoderTest {

    @Test
    void givenInvoiceWithAndWithoutOptionalFields_whenEncodedAndDecoded_thenItIsUnchanged() {
        Invoice invoice = new Invoice("C536379", "17850", "United Kingdom", 1_291_191_960_000L, List.of(
                new InvoiceLine("85123A", "WHITE HANGING HEART", -6, 25_500),
                new InvoiceLine("POST", null, 1, 1_234_567)), "online-retail:online_retail.csv.gz");
        Invoice anonymous = new Invoice("536544", null, null, 1_291_191_960_001L, List.of(
                new InvoiceLine("AMOUNT", null, 1, 1)), "shop:shop.csv");

        for (Invoice original : List.of(invoice, anonymous)) {
            Decoded decoded = new JsonInvoiceDecoder().decode(new JsonInvoiceEncoder().encode(original));
            Decoded.Accepted accepted = assertInstanceOf(Decoded.Accepted.class, decoded, decoded.toString());
            assertEquals(original, InvoiceMapping.toInvoice(accepted.invoice()));
        }
    }
}
