package io.segstream.app.produce;

import java.time.Instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segstream.core.invoice.Invoice;
import io.segstream.core.invoice.InvoiceLine;
import io.segstream.core.invoice.Money;

/**
 * Writes an invoice in the JSON form that {@code io.segstream.stream.validation.JsonInvoiceDecoder} reads: the
 * invoice time as an ISO-8601 instant and unit prices as decimal strings, so no price passes through a double.
 */
public final class JsonInvoiceEncoder {

    private final ObjectMapper mapper = new ObjectMapper();

    /** The UTF-8 JSON of {@code invoice}; absent customer, country and descriptions are left out. */
    public byte[] encode(Invoice invoice) {
        ObjectNode root = mapper.createObjectNode();
        root.put("invoiceNo", invoice.invoiceNo());
        if (invoice.customerId() != null) {
            root.put("customerId", invoice.customerId());
        }
        if (invoice.country() != null) {
            root.put("country", invoice.country());
        }
        root.put("invoiceTime", Instant.ofEpochMilli(invoice.invoiceTimeMillis()).toString());
        ArrayNode lines = root.putArray("lines");
        for (InvoiceLine line : invoice.lines()) {
            ObjectNode node = lines.addObject();
            node.put("stockCode", line.stockCode());
            if (line.description() != null) {
                node.put("description", line.description());
            }
            node.put("quantity", line.quantity());
            node.put("unitPrice", Money.format(line.unitPriceE4()));
        }
        root.put("source", invoice.source());
        try {
            return mapper.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write invoice " + invoice.invoiceNo() + " as JSON", e);
        }
    }
}
