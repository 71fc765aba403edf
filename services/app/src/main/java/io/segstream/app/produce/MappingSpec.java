package io.segstream.app.produce;

import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.segstream.ingest.ColumnMapping;
import io.segstream.ingest.ReadOptions;

/**
 * Builds a {@link ColumnMapping} from {@code --mapping KEY=VALUE} options, so a file of another layout is read
 * without code. Keys: {@value #KEYS}. {@code delimiter=whitespace} (or a single space) reads fields separated by
 * runs of spaces and tabs; {@code columns=a,b,c} names the columns of a file without a header line. The reading
 * keys {@code encoding} and {@code time-pattern} may be given alone: the layout is then still detected
 * ({@link #readOptions}).
 */
public final class MappingSpec {

    /** The keys accepted, as listed in the help. */
    public static final String KEYS = "customer, invoice, time, time-pattern, quantity, price, amount, product, "
            + "description, country, delimiter, decimal, columns, name, encoding";

    /** Keys that say how to read rather than which column is which. */
    private static final List<String> READING_KEYS = List.of("time-pattern", "encoding");

    /** The {@code delimiter} value of whitespace-separated files. */
    public static final String WHITESPACE = "whitespace";

    private static final List<String> KNOWN = List.of(KEYS.split(", "));

    private MappingSpec() {
    }

    /**
     * The mapping the options describe, or {@code null} when they hold only reading keys ({@code encoding},
     * {@code time-pattern}), so the layout is detected. Defaults: time pattern detected, delimiter {@code ,},
     * decimal separator {@code .}, name {@code custom}, the first line as header.
     *
     * @throws IllegalArgumentException naming the key when a key is unknown or a value is invalid
     */
    public static ColumnMapping parse(Map<String, String> options) {
        Map<String, String> o = normalised(options);
        if (READING_KEYS.containsAll(o.keySet())) {
            return null;
        }
        for (String required : List.of("customer", "time")) {
            if (blank(o.get(required))) {
                throw new IllegalArgumentException("--mapping " + required + "=COLUMN is required");
            }
        }
        try {
            return new ColumnMapping(o.getOrDefault("name", "custom"), o.get("customer"), o.get("invoice"),
                    o.get("time"), o.get("time-pattern"), o.get("quantity"),
                    o.get("price"), o.get("amount"), o.get("product"), o.get("description"), o.get("country"),
                    delimiter(o.get("delimiter")), character("decimal", o.get("decimal"), '.'),
                    columns(o.get("columns")));
        } catch (NullPointerException | IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid --mapping: " + e.getMessage(), e);
        }
    }

    /**
     * The encoding, time pattern and sheet to read with; what the options leave out is detected.
     *
     * @param sheet the {@code --sheet} value, {@code null} for every sheet
     * @throws IllegalArgumentException for an unknown key or encoding, or a blank pattern or sheet
     */
    public static ReadOptions readOptions(Map<String, String> options, String sheet) {
        Map<String, String> o = normalised(options);
        Charset encoding = null;
        String name = o.get("encoding");
        if (name != null) {
            try {
                encoding = Charset.forName(name.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown --mapping encoding '" + name + "'; e.g. UTF-8, "
                        + "windows-1252, ISO-8859-1");
            }
        }
        String pattern = o.get("time-pattern");
        if (pattern != null && pattern.isBlank()) {
            throw new IllegalArgumentException("--mapping time-pattern needs a pattern, e.g. M/d/yyyy H:mm");
        }
        if (sheet != null && sheet.isBlank()) {
            throw new IllegalArgumentException("--sheet needs a sheet name");
        }
        return new ReadOptions(encoding, pattern, sheet);
    }

    private static Map<String, String> normalised(Map<String, String> options) {
        Map<String, String> o = new LinkedHashMap<>();
        options.forEach((key, value) -> {
            String k = key.strip().toLowerCase(Locale.ROOT);
            if (!KNOWN.contains(k)) {
                throw new IllegalArgumentException("unknown --mapping key '" + key + "'; known keys: " + KEYS);
            }
            o.put(k, value);
        });
        return o;
    }

    private static char delimiter(String value) {
        if (value != null && value.strip().equalsIgnoreCase(WHITESPACE)) {
            return ColumnMapping.WHITESPACE;
        }
        return character("delimiter", value, ',');
    }

    private static List<String> columns(String value) {
        if (value == null) {
            return List.of();
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException("columns needs comma-separated names, e.g. columns=id,date,amount");
        }
        return Arrays.stream(value.split(",", -1)).map(String::strip).toList();
    }

    private static char character(String key, String value, char fallback) {
        if (value == null) {
            return fallback;
        }
        String v = value.equals("\\t") || value.equalsIgnoreCase("tab") ? "\t" : value;
        if (v.length() != 1) {
            throw new IllegalArgumentException("--mapping " + key + " must be a single character, got '" + value + "'");
        }
        return v.charAt(0);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
