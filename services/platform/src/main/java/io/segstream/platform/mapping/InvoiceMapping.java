package io.segstream.platform.mapping;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.segstream.avro.InvoiceEvent;
import io.segstream.core.invoice.Invoice;
import io.segstream.core.invoice.InvoiceLine;
import io.segstream.core.invoice.Money;

/** Converts between the Avro invoice at the Kafka boundary and the core's invoice used by the feature math. */
public final class InvoiceMapping {

    private InvoiceMapping() {
    }

    /** The Avro event of a core invoice; prices keep their exact 4-decimal value. */
    public static InvoiceEvent toEvent(Invoice invoice) {
        List<io.segstream.avro.InvoiceLine> lines = new ArrayList<>(invoice.lines().size());
        for (InvoiceLine line : invoice.lines()) {
            lines.add(io.segstream.avro.InvoiceLine.newBuilder()
                    .setStockCode(line.stockCode())
                    .setDescription(line.description())
                    .setQuantity(line.quantity())
                    .setUnitPrice(BigDecimal.valueOf(line.unitPriceE4(), Money.DECIMALS))
                    .build());
        }
        return InvoiceEvent.newBuilder()
                .setInvoiceNo(invoice.invoiceNo())
                .setCustomerId(invoice.customerId())
                .setCountry(invoice.country())
                .setInvoiceTime(Instant.ofEpochMilli(invoice.invoiceTimeMillis()))
                .setLines(lines)
                .setSource(invoice.source())
                .build();
    }

    /**
     * The core invoice of an Avro event.
     *
     * @throws ArithmeticException when a price has more than 4 decimal places (the schema's scale forbids it)
     */
    public static Invoice toInvoice(InvoiceEvent event) {
        List<InvoiceLine> lines = new ArrayList<>(event.getLines().size());
        for (io.segstream.avro.InvoiceLine line : event.getLines()) {
            long priceE4 = line.getUnitPrice().setScale(Money.DECIMALS).unscaledValue().longValueExact();
            lines.add(new InvoiceLine(line.getStockCode(), line.getDescription(), line.getQuantity(), priceE4));
        }
        return new Invoice(event.getInvoiceNo(), event.getCustomerId(), event.getCountry(),
                event.getInvoiceTime().toEpochMilli(), lines, event.getSource());
    }

    /** The record key of an invoice: its customer id, or the empty string when it has none. */
    public static String key(Invoice invoice) {
        return invoice.customerId() == null ? "" : invoice.customerId();
    }
}
