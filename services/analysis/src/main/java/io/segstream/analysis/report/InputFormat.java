package io.segstream.analysis.report;

import io.segstream.analysis.AttributePreparation;
import io.segstream.analysis.InputFileException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** The input layouts {@code analyze} reads. */
public enum InputFormat {
    /** Invoice lines (UCI Online Retail, Online Retail II, or any layout given with --mapping). */
    ONLINE_RETAIL("online-retail"),
    /** One row per customer with attributes (the Customer Personality Analysis layout). */
    ATTRIBUTES("attributes"),
    /** Detected from the header. */
    AUTO("auto");

    private final String label;

    InputFormat(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }

    /** The format of a label, as picocli converts it. */
    public static InputFormat of(String label) {
        for (InputFormat f : values()) {
            if (f.label.equals(label.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + label + "'; use online-retail, attributes or auto");
    }

    /**
     * This format, or for {@link #AUTO} the one the header shows: attributes when it is tab-separated with the
     * attribute columns, transactions otherwise (whose reader then names an unknown header).
     *
     * @throws InputFileException for a missing or empty file
     */
    public InputFormat resolve(Path file) {
        if (this != AUTO) {
            return this;
        }
        if (!Files.isRegularFile(file)) {
            throw new InputFileException(file, 0, "no such file");
        }
        if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".xlsx")) {
            return ONLINE_RETAIL;
        }
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            if (header == null || header.isBlank()) {
                throw new InputFileException(file, 1, "empty file, expected a header");
            }
            return AttributePreparation.matches(header.replace("\uFEFF", "")) ? ATTRIBUTES : ONLINE_RETAIL;
        } catch (IOException e) {
            throw new InputFileException(file, 0, "cannot read: " + e.getMessage());
        }
    }
}
