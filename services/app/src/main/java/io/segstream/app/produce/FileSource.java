package io.segstream.app.produce;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.OptionalDouble;
import java.util.zip.GZIPInputStream;

import io.segstream.ingest.BadRow;
import io.segstream.ingest.ColumnMapping;
import io.segstream.ingest.ReadOptions;
import io.segstream.ingest.ReadSummary;
import io.segstream.ingest.TransactionReader;
import io.segstream.core.invoice.Invoice;

/**
 * The invoices of one or more transaction files, read one after the other by {@link TransactionReader}. Every
 * file is opened up front, so a missing file or unknown header fails before anything is published.
 */
public final class FileSource implements InvoiceSource {

    /** Bad rows listed in the summary; all are counted. */
    static final int BAD_ROWS_SHOWN = 5;

    private final List<Path> files;
    private final List<TransactionReader> readers;
    private final int headerLines;
    private final List<ReadSummary> finished = new ArrayList<>();
    private int current;
    private long finishedRows;
    private long estimatedRows = -1;

    private FileSource(List<Path> files, List<TransactionReader> readers, int headerLines) {
        this.files = files;
        this.readers = readers;
        this.headerLines = headerLines;
    }

    /**
     * Opens every file, detecting its layout from the header when {@code mapping} is {@code null}.
     *
     * @throws io.segstream.ingest.TransactionFileException naming the file (and line) that cannot be read
     */
    public static FileSource open(List<Path> files, ColumnMapping mapping) {
        return open(files, mapping, ReadOptions.DETECT);
    }

    /**
     * Opens every file with the given encoding, time pattern and sheet, detecting what they leave out (and the
     * layout when {@code mapping} is {@code null}).
     *
     * @throws io.segstream.ingest.TransactionFileException naming the file (and line) that cannot be read
     */
    public static FileSource open(List<Path> files, ColumnMapping mapping, ReadOptions options) {
        List<TransactionReader> readers = new ArrayList<>();
        try {
            for (Path file : files) {
                readers.add(TransactionReader.open(file, mapping, options, TransactionReader.DEFAULT_OPEN_INVOICES));
            }
        } catch (RuntimeException e) {
            readers.forEach(TransactionReader::close);
            throw e;
        }
        return new FileSource(List.copyOf(files), readers, mapping == null || mapping.header().isEmpty() ? 1 : 0);
    }

    @Override
    public boolean hasNext() {
        while (current < readers.size()) {
            TransactionReader reader = readers.get(current);
            if (reader.hasNext()) {
                return true;
            }
            ReadSummary summary = reader.summary();
            finished.add(summary);
            finishedRows += summary.rows();
            reader.close();
            current++;
        }
        return false;
    }

    @Override
    public Invoice next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return readers.get(current).next();
    }

    @Override
    public long rows() {
        return finishedRows + (current < readers.size() ? readers.get(current).summary().rows() : 0);
    }

    /**
     * Rows so far over the files' line counts, counted once on first call (about 0.3 s per 500k gzip rows); unknown
     * when a workbook is among the files, whose rows cannot be counted without reading them.
     */
    @Override
    public OptionalDouble fractionDone() {
        if (estimatedRows < 0) {
            estimatedRows = 0;
            for (Path file : files) {
                if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".xlsx")) {
                    estimatedRows = 0;
                    break;
                }
                estimatedRows += Math.max(0, countLines(file) - headerLines);
            }
        }
        return estimatedRows == 0 ? OptionalDouble.empty()
                : OptionalDouble.of(Math.min(1.0, rows() / (double) estimatedRows));
    }

    /** The per-file summaries of the files read to the end. */
    public List<ReadSummary> readSummaries() {
        return List.copyOf(finished);
    }

    @Override
    public List<String> summary() {
        List<String> lines = new ArrayList<>();
        long rows = 0;
        long invoices = 0;
        long bad = 0;
        long split = 0;
        for (ReadSummary s : finished) {
            lines.add(String.format("file          %s: %,d rows, %,d invoices, %,d bad rows", s.source(), s.rows(),
                    s.invoices(), s.badRows()));
            lines.add(String.format("  read as     layout %s, time %s, encoding %s%s", s.format(), s.timePattern(),
                    s.encoding(), s.sheets().isEmpty() ? "" : ", sheets " + String.join(", ", s.sheets())));
            rows += s.rows();
            invoices += s.invoices();
            bad += s.badRows();
            split += s.splitInvoices();
        }
        lines.add(String.format("rows          %,d", rows));
        lines.add(String.format("invoices      %,d", invoices));
        lines.add(String.format("bad rows      %,d", bad));
        for (ReadSummary s : finished) {
            for (BadRow row : s.badRowSamples().subList(0, Math.min(BAD_ROWS_SHOWN, s.badRowSamples().size()))) {
                lines.add(String.format("  %s %s: %s", s.source(), row.location(), row.reason()));
            }
            if (s.badRows() > BAD_ROWS_SHOWN) {
                lines.add(String.format("  %s: %,d more bad rows", s.source(), s.badRows() - BAD_ROWS_SHOWN));
            }
        }
        if (split > 0) {
            lines.add(String.format("split         %,d invoices had rows too far apart and were emitted twice", split));
        }
        return lines;
    }

    @Override
    public void close() {
        readers.forEach(TransactionReader::close);
    }

    private static long countLines(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
            byte[] buffer = new byte[1 << 16];
            long lines = 0;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
            return lines;
        } catch (IOException e) {
            return 0;
        }
    }
}
