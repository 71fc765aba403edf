package io.segstream.stream.validation;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.segstream.avro.InvoiceEvent;
import io.segstream.avro.InvoiceLine;

/**
 * Decodes the JSON form of an invoice event, for producers that do not use Avro. Same fields as the Avro
 * {@code InvoiceEvent}; {@code invoiceTime} is epoch milliseconds or an ISO-8601 instant, {@code unitPrice} a number
 * or a decimal string with at most 4 decimal places:
 *
 * <pre>{"invoiceNo":"536365","customerId":"17850","country":"United Kingdom","invoiceTime":"2010-12-01T08:26:00Z",
 *  "lines":[{"stockCode":"85123A","description":"WHITE HANGING HEART","quantity":6,"unitPrice":"2.55"}]}</pre>
 *
 * <p>Hostile JSON fails fast: the parser refuses nesting deeper than {@value #MAX_DEPTH}, numbers longer than
 * {@value #MAX_NUMBER_LENGTH} digits and strings longer than {@value #MAX_STRING_LENGTH} chars before it builds
 * them (Jackson's {@link StreamReadConstraints}); numbers are read as exact decimals, and a price with more than
 * {@value #MAX_PRICE_DIGITS} integer digits is refused before its scale is changed, so {@code 1e999999999} costs
 * nothing. Time values are checked against the range of epoch milliseconds before they are converted.
 */
public final class JsonInvoiceDecoder {

    private static final int PRICE_SCALE = 4;
    /** An invoice is an object of lines of objects: 3 levels; the rest is head room for fields we ignore. */
    static final int MAX_DEPTH = 16;
    /** Longer than any long or any sensible price. */
    static final int MAX_NUMBER_LENGTH = 64;
    /**
     * Far above the intake's text bound ({@code segstream.intake.max-text-length}), which then names the field;
     * this one only keeps one string from taking the heap.
     */
    static final int MAX_STRING_LENGTH = 1 << 20;
    /** Integer digits of a price: a decimal(18, 4) has 14. */
    static final int MAX_PRICE_DIGITS = 14;
    /** The first and last instants whose epoch milliseconds fit a {@code long}. */
    static final Instant EARLIEST = Instant.ofEpochMilli(Long.MIN_VALUE);
    static final Instant LATEST = Instant.ofEpochMilli(Long.MAX_VALUE);

    /** The parser limits, shared by the full decoder and the time reader. */
    static final JsonFactory LIMITED = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .maxStringLength(MAX_STRING_LENGTH)
                    .build())
            .build();

    /** Reads documents into trees under the parser limits, numbers as exact decimals; shared by the JSON decoders. */
    static final ObjectMapper MAPPER = JsonMapper.builder(LIMITED)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /**
     * The top-level {@code invoiceTime} of a JSON invoice in epoch milliseconds, read without building the
     * document; {@code Long.MIN_VALUE} when there is none that fits. Never throws.
     */
    public static long invoiceTimeOf(byte[] bytes) {
        if (bytes == null) {
            return Long.MIN_VALUE;
        }
        try (JsonParser parser = LIMITED.createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Long.MIN_VALUE;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!"invoiceTime".equals(field)) {
                    parser.skipChildren();
                    continue;
                }
                return timeAt(parser, value);
            }
            return Long.MIN_VALUE;
        } catch (IOException | RuntimeException e) {
            return Long.MIN_VALUE;
        }
    }

    /**
     * The invoice time of the value {@code parser} stands on ({@code value} its token): epoch milliseconds, or an
     * ISO-8601 instant inside their range; {@code Long.MIN_VALUE} otherwise.
     */
    static long timeAt(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_INT) {
            return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? Long.MIN_VALUE
                    : parser.getLongValue();
        }
        if (value == JsonToken.VALUE_STRING) {
            Instant time = Instant.parse(parser.getText());
            return time.isBefore(EARLIEST) || time.isAfter(LATEST) ? Long.MIN_VALUE : time.toEpochMilli();
        }
        return Long.MIN_VALUE;
    }

    /** Decodes {@code bytes}; never throws on bad input. */
    public Decoded decode(byte[] bytes) {
        return decode(bytes, false, JsonInvoiceDecoder::toEvent);
    }

    /** Maps a JSON document to an invoice, or says why it cannot. */
    @FunctionalInterface
    interface ToEvent {
        InvoiceEvent apply(JsonNode root) throws FieldException;
    }

    /**
     * Parses {@code bytes} with the intake's limits and maps the document with {@code toEvent}: every JSON intake's
     * one path from a record's value to an invoice or a rejection. The document must be an object, or an array too
     * when {@code arrays}.
     */
    static Decoded decode(byte[] bytes, boolean arrays, ToEvent toEvent) {
        if (bytes == null) {
            return Decoded.reject(RejectReason.NULL_VALUE, "record has no value");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            return Decoded.reject(RejectReason.UNDECODABLE, "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return Decoded.reject(RejectReason.UNDECODABLE, "not valid JSON: " + e.getMessage());
        }
        if (root == null || !(arrays ? root.isContainerNode() : root.isObject())) {
            return Decoded.reject(RejectReason.UNDECODABLE,
                    arrays ? "JSON invoice must be an object or an array" : "JSON invoice must be an object");
        }
        try {
            return new Decoded.Accepted(toEvent.apply(root));
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
                .setInvoiceTime(time(root.get("invoiceTime"), "invoiceTime"))
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
                .setUnitPrice(price(line.get("unitPrice"), where + ".unitPrice"))
                .build();
    }

    /** A unit price at scale 4 from a number or a decimal string; {@code label} names it in a rejection. */
    static BigDecimal price(JsonNode node, String label) throws FieldException {
        if (node == null || node.isNull() || !(node.isNumber() || node.isTextual())) {
            throw new FieldException(RejectReason.MISSING_FIELD, label + " is missing");
        }
        BigDecimal value;
        try {
            String text = node.asText().trim();
            if (node.isTextual() && text.length() > MAX_NUMBER_LENGTH) {
                throw new NumberFormatException("longer than " + MAX_NUMBER_LENGTH + " chars");
            }
            value = node.isTextual() ? new BigDecimal(text) : node.decimalValue();
        } catch (NumberFormatException e) {
            throw new FieldException(RejectReason.UNDECODABLE, label + " is not a number: "
                    + clip(node.asText()));
        }
        if (value.precision() - value.scale() > MAX_PRICE_DIGITS) {
            throw new FieldException(RejectReason.PRICE_OUT_OF_BOUNDS, label + " has more than "
                    + MAX_PRICE_DIGITS + " integer digits: " + clip(value.toString()));
        }
        if (value.scale() > PRICE_SCALE && value.stripTrailingZeros().scale() > PRICE_SCALE) {
            // Checked before setScale, which would expand 1e-999999999 digit by digit.
            throw new FieldException(RejectReason.UNDECODABLE,
                    label + " has more than " + PRICE_SCALE + " decimal places: " + clip(value.toString()));
        }
        try {
            return value.setScale(PRICE_SCALE);
        } catch (ArithmeticException e) {
            throw new FieldException(RejectReason.UNDECODABLE,
                    label + " has more than " + PRICE_SCALE + " decimal places: " + clip(value.toString()));
        }
    }

    /**
     * An invoice time from epoch milliseconds or an ISO-8601 instant ({@code Z} or an offset); {@code label} names it
     * in a rejection.
     */
    static Instant time(JsonNode node, String label) throws FieldException {
        if (node == null || node.isNull()) {
            throw new FieldException(RejectReason.MISSING_FIELD, "field '" + label + "' is missing");
        }
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong()) {
                throw new FieldException(RejectReason.FUTURE_TIME, label + " " + clip(node.asText())
                        + " is beyond the epoch milliseconds of a long");
            }
            return Instant.ofEpochMilli(node.longValue());
        }
        Instant time;
        try {
            time = Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            throw new FieldException(RejectReason.UNDECODABLE,
                    label + " must be epoch millis or an ISO-8601 instant, got " + clip(node.toString()));
        }
        // Legal ISO-8601 reaches the year ±1,000,000,000; epoch milliseconds in a long end at ±292,278,994.
        if (time.isBefore(EARLIEST) || time.isAfter(LATEST)) {
            throw new FieldException(time.isBefore(EARLIEST) ? RejectReason.PAST_TIME : RejectReason.FUTURE_TIME,
                    label + " " + time + " is beyond the epoch milliseconds of a long");
        }
        return time;
    }

    /** The start of a text that may be huge, for a message. */
    static String clip(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
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
    static final class FieldException extends Exception {
        private final RejectReason reason;

        FieldException(RejectReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }

        RejectReason reason() {
            return reason;
        }
    }
}
