package io.segstream.ingest;

/**
 * A row that could not be turned into an invoice line; kept so no input disappears unexplained.
 *
 * @param lineNumber 1-based line of the file where the row starts (a header is line 1)
 * @param reason why the row was rejected, naming the column
 * @param raw the row's fields joined with the file's delimiter (a space for whitespace-separated files), or the
 *     line as read when it could not be split
 */
public record BadRow(long lineNumber, String reason, String raw) {
}
