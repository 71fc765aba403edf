package io.segstream.ingest;

import java.nio.charset.Charset;

/**
 * How to read a transaction file beyond its columns; {@code null} components are detected.
 *
 * @param encoding text encoding of a CSV or whitespace file; {@code null} detects UTF-8 or Windows-1252
 *     ({@link TextEncoding})
 * @param timePattern time pattern; overrides the mapping's; {@code null} keeps the mapping's or, if it has none,
 *     detects one from a sample of rows
 * @param sheet the one sheet of a workbook to read; {@code null} reads every sheet in workbook order
 */
public record ReadOptions(Charset encoding, String timePattern, String sheet) {

    /** Everything detected, every sheet read. */
    public static final ReadOptions DETECT = new ReadOptions(null, null, null);

    /** Rejects a blank pattern or sheet name. */
    public ReadOptions {
        if (timePattern != null && timePattern.isBlank()) {
            throw new IllegalArgumentException("time pattern must not be blank");
        }
        if (sheet != null && sheet.isBlank()) {
            throw new IllegalArgumentException("sheet name must not be blank");
        }
    }
}
