package io.segstream.ingest;

import java.util.List;

/**
 * One row of a transaction file as split by a {@link RowSource}.
 *
 * @param lineNumber 1-based line of the file where the row starts
 * @param fields the row's fields, unstripped
 * @param problem why the line could not be split into fields, {@code null} when it could; {@code fields} then
 *     holds the line as read
 * @param sheet the workbook sheet of the row ({@code lineNumber} is then its row number), {@code null} in text
 */
record Row(long lineNumber, List<String> fields, String problem, String sheet) {

    /** A row of a text file. */
    Row(long lineNumber, List<String> fields, String problem) {
        this(lineNumber, fields, problem, null);
    }
}
