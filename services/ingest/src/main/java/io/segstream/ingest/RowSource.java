package io.segstream.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The non-empty rows of a text file (plain or {@code .gz}, in a given encoding, a leading UTF-8 byte order mark
 * ignored) in file order; lines end with LF, CRLF or CR.
 */
interface RowSource extends AutoCloseable {

    /** The next row, or {@code null} after the last. */
    Row next();

    @Override
    void close();

    /** Delimited rows ({@link CsvRows}), or for {@link ColumnMapping#WHITESPACE} whitespace-separated ones. */
    static RowSource open(Path file, char delimiter, Charset encoding) throws IOException {
        InputStream in = bytes(file);
        try {
            return delimiter == ColumnMapping.WHITESPACE ? new WhitespaceRows(in, encoding)
                    : new CsvRows(in, delimiter, encoding);
        } catch (RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** The bytes of a plain or {@code .gz} file, buffered. */
    static InputStream bytes(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }
}
