package io.segstream.stream.validation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.filter.FilteringParserDelegate;
import com.fasterxml.jackson.core.filter.JsonPointerBasedFilter;
import com.fasterxml.jackson.core.filter.TokenFilter;
import com.fasterxml.jackson.databind.JsonNode;
import io.segstream.avro.InvoiceEvent;
import io.segstream.avro.InvoiceLine;
import io.segstream.stream.validation.JsonInvoiceDecoder.FieldException;

/**
 * Decodes invoices from JSON of the user's own shape, each field where its {@link JsonInvoiceMapping} points, into
 * the same {@code InvoiceEvent} as the JSON contract, with the same parser limits, price and time rules
 * ({@link JsonInvoiceDecoder}); fields the mapping does not name are ignored. A rejection names the concrete pointer
 * of the field ({@code /line_items/3/price}). A lines array longer than {@code segstream.intake.max-lines} is refused
 * before any of its lines is read.
 */
public final class MappedJsonDecoder {

    private final JsonInvoiceMapping mapping;
    private final int maxLines;

    /** Decodes by {@code mapping}, refusing invoices of more than {@code maxLines} lines up front. */
    public MappedJsonDecoder(JsonInvoiceMapping mapping, int maxLines) {
        this.mapping = mapping;
        this.maxLines = maxLines;
    }

    /** What this decoder reads. */
    public JsonInvoiceMapping mapping() {
        return mapping;
    }

    /**
     * The invoice time in epoch milliseconds, read by streaming up to the time pointer without building the document;
     * {@code Long.MIN_VALUE} when there is none that fits. Never throws.
     */
    public long invoiceTimeOf(byte[] bytes) {
        if (bytes == null) {
            return Long.MIN_VALUE;
        }
        try (JsonParser parser = new FilteringParserDelegate(JsonInvoiceDecoder.LIMITED.createParser(bytes),
                new JsonPointerBasedFilter(mapping.time()), TokenFilter.Inclusion.ONLY_INCLUDE_ALL, false)) {
            return JsonInvoiceDecoder.timeAt(parser, parser.nextToken());
        } catch (IOException | RuntimeException e) {
            return Long.MIN_VALUE;
        }
    }

    /** Decodes {@code bytes}; never throws on bad input. */
    public Decoded decode(byte[] bytes) {
        return JsonInvoiceDecoder.decode(bytes, true, this::toEvent);
    }

    private InvoiceEvent toEvent(JsonNode root) throws FieldException {
        JsonNode linesNode = root.at(mapping.lines());
        if (!linesNode.isArray()) {
            throw new FieldException(absent(linesNode) ? RejectReason.MISSING_FIELD : RejectReason.UNDECODABLE,
                    "lines array '" + mapping.lines() + "' is "
                    + (absent(linesNode) ? "missing" : kind(linesNode) + ", not an array"));
        }
        if (linesNode.size() > maxLines) {
            throw new FieldException(RejectReason.TOO_MANY_LINES, "lines array '" + mapping.lines() + "' has "
                    + linesNode.size() + " elements, more than " + maxLines + " (" + InvoiceBounds.MAX_LINES + ")");
        }
        List<InvoiceLine> lines = new ArrayList<>(linesNode.size());
        for (int i = 0; i < linesNode.size(); i++) {
            lines.add(toLine(linesNode.get(i), mapping.lines() + "/" + i));
        }
        return InvoiceEvent.newBuilder()
                .setInvoiceNo(required(root, mapping.invoice(), ""))
                .setCustomerId(optional(root, mapping.customer(), ""))
                .setCountry(mapping.country() == null ? null : optional(root, mapping.country(), ""))
                .setInvoiceTime(JsonInvoiceDecoder.time(present(root.at(mapping.time())), mapping.time().toString()))
                .setLines(lines)
                .setSource(mapping.name())
                .build();
    }

    private InvoiceLine toLine(JsonNode line, String where) throws FieldException {
        JsonNode quantity = line.at(mapping.quantity());
        String label = where + mapping.quantity();
        if (absent(quantity)) {
            throw new FieldException(RejectReason.MISSING_FIELD, "field '" + label + "' is missing");
        }
        if (!quantity.isIntegralNumber() || !quantity.canConvertToInt()) {
            throw new FieldException(RejectReason.UNDECODABLE, label + " must be an integer, got "
                    + JsonInvoiceDecoder.clip(quantity.toString()));
        }
        JsonNode price = line.at(mapping.price());
        if (!absent(price) && !price.isNumber() && !price.isTextual()) {
            throw new FieldException(RejectReason.UNDECODABLE, where + mapping.price() + " must be a number or a "
                    + "decimal string, got " + JsonInvoiceDecoder.clip(price.toString()));
        }
        return InvoiceLine.newBuilder()
                .setStockCode(required(line, mapping.product(), where))
                .setDescription(mapping.description() == null ? null : optional(line, mapping.description(), where))
                .setQuantity(quantity.intValue())
                .setUnitPrice(JsonInvoiceDecoder.price(present(price), where + mapping.price()))
                .build();
    }

    private static String required(JsonNode node, JsonPointer pointer, String where) throws FieldException {
        String value = optional(node, pointer, where);
        if (value == null) {
            throw new FieldException(RejectReason.MISSING_FIELD, "field '" + where + pointer + "' is missing or "
                    + "blank");
        }
        return value;
    }

    /** The text of a string, number or boolean at {@code pointer}; null when absent or blank. */
    private static String optional(JsonNode node, JsonPointer pointer, String where) throws FieldException {
        JsonNode value = node.at(pointer);
        if (absent(value)) {
            return null;
        }
        if (!value.isValueNode()) {
            throw new FieldException(RejectReason.UNDECODABLE, where + pointer + " must be a string or a number, got "
                    + kind(value));
        }
        return value.asText().isBlank() ? null : value.asText();
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull();
    }

    /** The node, or null when the pointer found nothing (which the shared readers report as missing). */
    private static JsonNode present(JsonNode node) {
        return absent(node) ? null : node;
    }

    /** What kind of JSON value a node is, for a message. */
    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            default -> "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
