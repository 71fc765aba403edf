package io.segstream.stream.validation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonPointer;
import io.segstream.platform.config.SegstreamConfig;

/**
 * Where the invoice fields are in JSON of the user's own shape, read by {@link MappedJsonDecoder}: one topic per
 * name, each field a JSON Pointer (RFC 6901). Line fields hold one {@code *} segment that stands for every element
 * of the lines array, and all name the same array:
 *
 * <pre>
 * segstream.json-topics.shop.topic=shop-orders
 * segstream.json-topics.shop.invoice=/id
 * segstream.json-topics.shop.customer=/customer/id
 * segstream.json-topics.shop.time=/created_at
 * segstream.json-topics.shop.product=/line_items/&#42;/sku
 * segstream.json-topics.shop.quantity=/line_items/&#42;/quantity
 * segstream.json-topics.shop.price=/line_items/&#42;/price
 * </pre>
 *
 * @param name        the name in the settings, also the {@code source} of the invoices
 * @param topic       the topic read ({@code topic}, default the name)
 * @param invoice     the invoice number ({@code invoice}, required)
 * @param customer    the customer id ({@code customer}, required; a missing or null target is an invoice without a
 *                    customer, which is counted and not segmented, as in the JSON contract)
 * @param time        the invoice time, epoch milliseconds or ISO-8601 with {@code Z} or an offset ({@code time},
 *                    required)
 * @param lines       the lines array (the part of the line pointers before {@code *})
 * @param product     a line's stock code, relative to the line ({@code product}, required)
 * @param quantity    a line's integer quantity, relative to the line ({@code quantity}, required)
 * @param price       a line's unit price, a number or a decimal string, relative to the line ({@code price},
 *                    required)
 * @param description a line's description, relative to the line ({@code description}, optional: null)
 * @param country     the country ({@code country}, optional: null)
 */
public record JsonInvoiceMapping(String name, String topic, JsonPointer invoice, JsonPointer customer,
                                 JsonPointer time, JsonPointer lines, JsonPointer product, JsonPointer quantity,
                                 JsonPointer price, JsonPointer description, JsonPointer country) {

    /** Prefix of the settings: {@code segstream.json-topics.<name>.<key>}. */
    public static final String PREFIX = "segstream.json-topics.";

    private static final List<String> HEADER_KEYS = List.of("invoice", "customer", "time", "country");
    private static final List<String> LINE_KEYS = List.of("product", "quantity", "price", "description");
    private static final Set<String> REQUIRED = Set.of("invoice", "customer", "time", "product", "quantity", "price");
    private static final String EVERY = "*";

    public JsonInvoiceMapping {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topic, "topic");
        for (JsonPointer required : new JsonPointer[] {invoice, customer, time, lines, product, quantity, price}) {
            Objects.requireNonNull(required, "a required pointer of " + name);
        }
    }

    /**
     * Every mapping the configuration sets, in name order; none when no {@value #PREFIX} key is set.
     *
     * @throws IllegalArgumentException naming the setting of the first bad or missing value
     */
    public static List<JsonInvoiceMapping> all(SegstreamConfig config) {
        Map<String, Map<String, String>> byName = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : config.under(PREFIX).entrySet()) {
            int dot = e.getKey().indexOf('.');
            if (dot <= 0) {
                throw new IllegalArgumentException("Setting '" + PREFIX + e.getKey() + "' must be "
                        + PREFIX + "<name>.<key>");
            }
            byName.computeIfAbsent(e.getKey().substring(0, dot), n -> new LinkedHashMap<>())
                    .put(e.getKey().substring(dot + 1), e.getValue());
        }
        List<JsonInvoiceMapping> mappings = new ArrayList<>();
        byName.forEach((name, settings) -> mappings.add(parse(name, settings)));
        Set<String> topics = new TreeSet<>();
        for (JsonInvoiceMapping m : mappings) {
            if (!topics.add(m.topic())) {
                throw new IllegalArgumentException("Setting '" + PREFIX + m.name() + ".topic': topic '" + m.topic()
                        + "' is mapped twice");
            }
        }
        return List.copyOf(mappings);
    }

    /**
     * The mapping called {@code name} from its settings (keys without the prefix and name).
     *
     * @throws IllegalArgumentException naming the setting of the first bad or missing value
     */
    public static JsonInvoiceMapping parse(String name, Map<String, String> settings) {
        Set<String> unknown = new TreeSet<>(settings.keySet());
        unknown.removeAll(HEADER_KEYS);
        unknown.removeAll(LINE_KEYS);
        unknown.remove("topic");
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Setting '" + key(name, unknown.iterator().next()) + "' is not a key of "
                    + "a JSON topic; keys: topic, " + String.join(", ", HEADER_KEYS) + ", "
                    + String.join(", ", LINE_KEYS));
        }
        for (String required : new TreeSet<>(REQUIRED)) {
            String value = settings.get(required);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("Missing setting '" + key(name, required) + "': a JSON Pointer such "
                        + "as " + example(required));
            }
        }
        String topic = settings.getOrDefault("topic", name).trim();
        if (topic.isEmpty()) {
            throw new IllegalArgumentException("Setting '" + key(name, "topic") + "' must not be blank");
        }
        Map<String, JsonPointer> header = new LinkedHashMap<>();
        for (String key : HEADER_KEYS) {
            String value = settings.get(key);
            header.put(key, value == null ? null : headerPointer(name, key, value));
        }
        String linesKey = null;
        JsonPointer linesArray = null;
        Map<String, JsonPointer> line = new LinkedHashMap<>();
        for (String key : LINE_KEYS) {
            String value = settings.get(key);
            if (value == null) {
                line.put(key, null);
                continue;
            }
            String[] split = splitAtEvery(name, key, value.trim());
            JsonPointer array = pointer(name, key, split[0]);
            if (linesArray == null) {
                linesArray = array;
                linesKey = key;
            } else if (!linesArray.equals(array)) {
                throw new IllegalArgumentException("Setting '" + key(name, key) + "' names the lines array '"
                        + split[0] + "', but '" + key(name, linesKey) + "' names '" + linesArray + "': every line "
                        + "field must be in the same array");
            }
            line.put(key, pointer(name, key, split[1]));
        }
        return new JsonInvoiceMapping(name, topic, header.get("invoice"), header.get("customer"), header.get("time"),
                linesArray, line.get("product"), line.get("quantity"), line.get("price"), line.get("description"),
                header.get("country"));
    }

    /** The full setting key of {@code key} in the mapping {@code name}. */
    static String key(String name, String key) {
        return PREFIX + name + "." + key;
    }

    /** The pointer of a header field: no {@code *} segment. */
    private static JsonPointer headerPointer(String name, String key, String value) {
        JsonPointer pointer = pointer(name, key, value.trim());
        for (JsonPointer p = pointer; !p.matches(); p = p.tail()) {
            if (EVERY.equals(p.getMatchingProperty())) {
                throw new IllegalArgumentException("Setting '" + key(name, key) + "' must point at one value of the "
                        + "invoice, not into the lines ('*'), got '" + value + "'");
            }
        }
        return pointer;
    }

    /** A line pointer split at its one {@code /*} segment: the array, and the field relative to a line. */
    private static String[] splitAtEvery(String name, String key, String value) {
        int at = value.indexOf("/" + EVERY + "/");
        boolean last = at < 0 && value.endsWith("/" + EVERY);
        if (at < 0 || value.indexOf("/" + EVERY + "/", at + 1) >= 0 || last) {
            throw new IllegalArgumentException("Setting '" + key(name, key) + "' must hold one '/*/' segment, for "
                    + "every element of the lines array, followed by the field in a line (such as "
                    + example(key) + "), got '" + value + "'");
        }
        return new String[] {value.substring(0, at), value.substring(at + 2)};
    }

    private static JsonPointer pointer(String name, String key, String value) {
        if (!value.isEmpty() && !value.startsWith("/")) {
            throw new IllegalArgumentException("Setting '" + key(name, key) + "' must be a JSON Pointer starting with "
                    + "'/' (such as " + example(key) + "), got '" + value + "'");
        }
        if (value.matches(".*~(?![01]).*")) {
            throw new IllegalArgumentException("Setting '" + key(name, key) + "' is not a JSON Pointer, got '" + value
                    + "': '~' must be followed by 0 (for '~') or 1 (for '/')");
        }
        try {
            return JsonPointer.compile(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Setting '" + key(name, key) + "' is not a JSON Pointer, got '" + value
                    + "': " + e.getMessage());
        }
    }

    private static String example(String key) {
        return switch (key) {
            case "invoice" -> "/id";
            case "customer" -> "/customer/id";
            case "time" -> "/created_at";
            case "country" -> "/billing_address/country";
            case "product" -> "/line_items/*/sku";
            case "quantity" -> "/line_items/*/quantity";
            case "price" -> "/line_items/*/price";
            default -> "/line_items/*/title";
        };
    }
}
