package io.segstream.ingest;

import java.util.List;

/**
 * What a {@link TransactionReader} saw.
 *
 * @param source source label put on every invoice, {@code <format>:<file name>}
 * @param format name of the layout used ({@link ColumnMapping#name()})
 * @param rows data rows read (header excluded, bad rows included)
 * @param invoices invoices emitted
 * @param badRows rows rejected; {@code rows - badRows} rows became invoice lines
 * @param splitInvoices invoices emitted a second time because one of their rows came after the invoice had
 *     already been closed (more than {@link TransactionReader#DEFAULT_OPEN_INVOICES} other invoices later);
 *     0 for a correct read, since downstream state ignores a repeated invoice number
 * @param badRowSamples the first {@link TransactionReader#MAX_BAD_ROW_SAMPLES} bad rows in file order
 * @param timePattern the time pattern used, and whether it was detected, e.g. {@code M/d/yyyy H:mm (detected)}
 * @param encoding the text encoding used, and whether it was detected; {@code xlsx} for a workbook
 * @param sheets the sheets read, in order; empty for a text file
 */
public record ReadSummary(String source, String format, long rows, long invoices, long badRows,
                          long splitInvoices, List<BadRow> badRowSamples, String timePattern, String encoding,
                          List<String> sheets) {

    /** Freezes the lists. */
    public ReadSummary {
        badRowSamples = List.copyOf(badRowSamples);
        sheets = List.copyOf(sheets);
    }
}
