package io.segstream.ingest;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.Iterator;

/**
 * RFC 4180 rows with a one-character delimiter, read by FastCSV; rows may have any number of fields. A UTF-8 byte
 * order mark is skipped whatever the encoding given.
 */
final class CsvRows implements RowSource {

    private final CsvReader<CsvRecord> csv;
    private final Iterator<CsvRecord> records;

    CsvRows(InputStream in, char delimiter, Charset encoding) {
        this.csv = CsvReader.builder().fieldSeparator(delimiter).allowExtraFields(true).allowMissingFields(true)
                .detectBomHeader(true).ofCsvRecord(in, encoding);
        this.records = csv.iterator();
    }

    @Override
    public Row next() {
        if (!records.hasNext()) {
            return null;
        }
        CsvRecord record = records.next();
        return new Row(record.getStartingLineNumber(), record.getFields(), null);
    }

    @Override
    public void close() {
        try {
            csv.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
