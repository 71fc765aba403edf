package io.segstream.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The non-empty rows of a text file (plain or {@code .gz}, UTF-8, a leading byte order mark ignored) in file order;
 * lines end with LF, CRLF or CR.
 */
interface RowSource extends AutoCloseable {

    /** The next row, or {@code null} after the last. */
    Row next();

    @Override
    void close();

    /** Delimited rows ({@link CsvRows}), or for {@link ColumnMapping#WHITESPACE} whitespace-separated ones. */
    static RowSource open(Path file, char delimiter) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            if (file.getFileName().toString().endsWith(".gz")) {
                in = new GZIPInputStream(in, 1 << 16);
            }
            return delimiter == ColumnMapping.WHITESPACE ? new WhitespaceRows(in) : new CsvRows(in, delimiter);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }
}
