package io.segstream.platform.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;

import io.segstream.avro.InvoiceEvent;
import io.segstream.core.invoice.Invoice;
import io.segstream.core.invoice.InvoiceLine;
import org.junit.jupiter.api.Test;

class InvoiceMappingTest {

    @Test
    void givenCoreInvoice_whenMappedToEventAndBack_thenEqualWithExactPrices() {
        Invoice invoice = new Invoice("C536379", "14527", "United Kingdom", 1291195620000L,
                List.of(new InvoiceLine("D", "Discount", -1, 275_000), new InvoiceLine("84406B", null, 8, 10)),
                "online-retail:test");

        InvoiceEvent event = InvoiceMapping.toEvent(invoice);
        Invoice back = InvoiceMapping.toInvoice(event);

        assertEquals(new BigDecimal("27.5000"), event.getLines().get(0).getUnitPrice());
        assertEquals(new BigDecimal("0.0010"), event.getLines().get(1).getUnitPrice());
        assertEquals(invoice, back);
        assertEquals("14527", InvoiceMapping.key(invoice));
    }

    @Test
    void givenNoCustomer_whenKeyed_thenEmptyKey() {
        Invoice invoice = new Invoice("536544", null, "United Kingdom", 0L,
                List.of(new InvoiceLine("21773", null, 1, 25_000)), "test");

        assertEquals("", InvoiceMapping.key(invoice));
    }
}
