package io.segstream.stream.validation;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segstream.avro.InvoiceEvent;
import io.segstream.avro.InvoiceLine;

/**
 * Decodes the JSON form of an invoice event, for producers that do not use Avro. Same fields as the Avro
 * {@code InvoiceEvent}; {@code invoiceTime} is epoch milliseconds or an ISO-8601 instant, {@code unitPrice} a number
 * or a decimal string with at most 4 decimal places:
 *
 * <pre>{"invoiceNo":"536365","customerId":"17850","country":"United Kingdom","invoiceTime":"2010-12-01T08:26:00Z",
 *  "lines":[{"stockCode":"85123A","description":"WHITE HANGING HEART","quantity":6,"unitPrice":"2.55"}]}</pre>
 */
public final class JsonInvoiceDecoder {

    private static final int PRICE_SCALE = 4;
    private final ObjectMapper mapper = new ObjectMapper();

    /** Decodes {@code bytes}; never throws on bad input. */
    public Decoded decode(byte[] bytes) {
        if (bytes == null) {
            return Decoded.reject(RejectReason.NULL_VALUE, "record has no value");
        }
        JsonNode root;
        try {
            root = mapper.readTree(bytes);
        } catch (JsonProcessingException e) {
            return Decoded.reject(RejectReason.UNDECODABLE, "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return Decoded.reject(RejectReason.UNDECODABLE, "not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            return Decoded.reject(RejectReason.UNDECODABLE, "JSON invoice must be an object");
        }
        try {
            return new Decoded.Accepted(toEvent(root));
        } catch (FieldException e) {
            return Decoded.reject(e.reason, e.getMessage());
        }
    }

    private static InvoiceEvent toEvent(JsonNode root) throws FieldException {
        JsonNode linesNode = root.get("lines");
        if (linesNode == null || !linesNode.isArray()) {
            throw new FieldException(RejectReason.MISSING_FIELD, "field 'lines' is missing or not an array");
        }
        List<InvoiceLine> lines = new ArrayList<>(linesNode.size());
        for (int i = 0; i < linesNode.size(); i++) {
            lines.add(toLine(linesNode.get(i), i));
        }
        return InvoiceEvent.newBuilder()
                .setInvoiceNo(requiredText(root, "invoiceNo"))
                .setCustomerId(optionalText(root, "customerId"))
                .setCountry(optionalText(root, "country"))
                .setInvoiceTime(time(root.get("invoiceTime")))
                .setLines(lines)
                .setSource(root.hasNonNull("source") ? root.get("source").asText() : "json")
                .build();
    }

    private static InvoiceLine toLine(JsonNode line, int index) throws FieldException {
        String where = "lines[" + index + "]";
        if (line == null || !line.isObject()) {
            throw new FieldException(RejectReason.UNDECODABLE, where + " must be an object");
        }
        JsonNode quantity = line.get("quantity");
        if (quantity == null || !quantity.canConvertToInt() || !quantity.isIntegralNumber()) {
            throw new FieldException(RejectReason.MISSING_FIELD, where + ".quantity is missing or not an integer");
        }
        return InvoiceLine.newBuilder()
                .setStockCode(requiredText(line, "stockCode", where))
                .setDescription(optionalText(line, "description"))
                .setQuantity(quantity.intValue())
                .setUnitPrice(price(line.get("unitPrice"), where))
                .build();
    }

    private static BigDecimal price(JsonNode node, String where) throws FieldException {
        if (node == null || node.isNull() || !(node.isNumber() || node.isTextual())) {
            throw new FieldException(RejectReason.MISSING_FIELD, where + ".unitPrice is missing");
        }
        BigDecimal value;
        try {
            value = node.isTextual() ? new BigDecimal(node.asText().trim()) : node.decimalValue();
        } catch (NumberFormatException e) {
            throw new FieldException(RejectReason.UNDECODABLE, where + ".unitPrice is not a number: " + node);
        }
        try {
            return value.setScale(PRICE_SCALE);
        } catch (ArithmeticException e) {
            throw new FieldException(RejectReason.UNDECODABLE,
                    where + ".unitPrice has more than " + PRICE_SCALE + " decimal places: " + value);
        }
    }

    private static Instant time(JsonNode node) throws FieldException {
        if (node == null || node.isNull()) {
            throw new FieldException(RejectReason.MISSING_FIELD, "field 'invoiceTime' is missing");
        }
        if (node.isIntegralNumber()) {
            return Instant.ofEpochMilli(node.longValue());
        }
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            throw new FieldException(RejectReason.UNDECODABLE,
                    "invoiceTime must be epoch millis or an ISO-8601 instant, got " + node);
        }
    }

    private static String requiredText(JsonNode node, String field) throws FieldException {
        return requiredText(node, field, "");
    }

    private static String requiredText(JsonNode node, String field, String where) throws FieldException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            String path = where.isEmpty() ? field : where + "." + field;
            throw new FieldException(RejectReason.MISSING_FIELD, "field '" + path + "' is missing or blank");
        }
        return value.asText();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }

    /** A field-level problem, carried to the single place that turns it into a rejection. */
    private static final class FieldException extends Exception {
        private final RejectReason reason;

        FieldException(RejectReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
