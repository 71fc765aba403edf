package io.segstream.ingest;

/**
 * A row that could not be turned into an invoice line; kept so no input disappears unexplained.
 *
 * @param lineNumber 1-based line of the file where the row starts (a header is line 1)
 * @param reason why the row was rejected, naming the column
 * @param raw the row's fields joined with the file's delimiter (a space for whitespace-separated files), or the
 *     line as read when it could not be split
 * @param sheet the workbook sheet of the row, whose row number {@code lineNumber} is; {@code null} in a text file
 */
public record BadRow(long lineNumber, String reason, String raw, String sheet) {

    /** A bad row of a text file. */
    public BadRow(long lineNumber, String reason, String raw) {
        this(lineNumber, reason, raw, null);
    }

    /** Where the row is, as a person finds it: {@code line 12}, or {@code sheet 'Year 2010' row 12}. */
    public String location() {
        return sheet == null ? "line " + lineNumber : "sheet '" + sheet + "' row " + lineNumber;
    }
}
