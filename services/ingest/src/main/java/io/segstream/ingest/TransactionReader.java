package io.segstream.ingest;

import io.segstream.core.invoice.Invoice;
import io.segstream.core.invoice.InvoiceLine;
import io.segstream.core.invoice.Money;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Streams a transaction file (plain or {@code .gz}; delimited or, with {@link ColumnMapping#WHITESPACE},
 * whitespace-separated; LF or CRLF line ends; UTF-8 or Windows-1252; or an {@code .xlsx} workbook, see
 * {@link XlsxRows}) as {@link Invoice}s, one per invoice number with its lines in file order. The first line is the
 * header unless the mapping names the columns ({@link ColumnMapping#header()}). Encoding and time pattern are
 * detected unless given ({@link ReadOptions}); {@link #summary()} says which were used.
 *
 * <p>Rows of one invoice are nearly but not always contiguous: in the UCI file invoice 542806 has rows on
 * lines 78088 and 78094 with another invoice in between, and invoice numbers go backwards at 269 row
 * boundaries, so neither consecutive-row grouping nor a sorted merge is right. The reader keeps the most
 * recently touched {@code maxOpenInvoices} invoices open and emits the least recently touched one when that
 * bound is exceeded, so memory stays bounded while interleaving within that distance is grouped exactly; a row
 * arriving after its invoice was emitted is counted in {@link ReadSummary#splitInvoices()}.
 *
 * <p>Bad rows (wrong column count, unparsable number or date, unterminated quote) are collected as
 * {@link BadRow}s with their line in the file, never fatal. A missing file, an empty file where a header is expected
 * or an unknown header throws {@link TransactionFileException}. Single use, not thread-safe; the iterator is the
 * reader itself.
 */
public final class TransactionReader implements Iterable<Invoice>, Iterator<Invoice>, AutoCloseable {

    /** Invoices kept open for interleaved rows by default. */
    public static final int DEFAULT_OPEN_INVOICES = 1024;

    /** Bad rows kept as samples; all are counted. */
    public static final int MAX_BAD_ROW_SAMPLES = 1000;

    private final Path file;
    private final ColumnMapping mapping;
    private final String source;
    private final RowSource rows;
    private final String joiner;
    private final int fieldCount;
    private final int[] idx;
    private final TimeParser timeParser;
    private final String timePattern;
    private final String timeLabel;
    private final String encodingLabel;
    private final int maxOpenInvoices;
    private final LinkedHashMap<String, Builder> open = new LinkedHashMap<>(64, 0.75f, true);
    private final Set<String> emitted = new HashSet<>();
    private final ArrayDeque<Invoice> ready = new ArrayDeque<>();
    private final List<BadRow> badRowSamples = new ArrayList<>();
    private long rowCount;
    private long invoices;
    private long badRows;
    private long splitInvoices;
    private boolean exhausted;

    private TransactionReader(Path file, RowSource rows, List<String> header, ColumnMapping mapping,
                              Reading reading, int maxOpenInvoices) {
        this.file = file;
        this.rows = rows;
        this.joiner = String.valueOf(mapping.delimiter());
        this.mapping = mapping;
        this.maxOpenInvoices = maxOpenInvoices;
        this.source = mapping.name() + ":" + file.getFileName();
        this.fieldCount = header.size();
        this.idx = indexes(file, header, mapping);
        this.timePattern = reading.timePattern;
        this.timeLabel = reading.timeLabel;
        this.encodingLabel = reading.encodingLabel;
        this.timeParser = new TimeParser(timePattern);
    }

    /**
     * Opens a file whose layout is detected from its header among {@link ColumnMapping#KNOWN}.
     *
     * @throws TransactionFileException when the file is missing, empty or its header is not a known layout
     */
    public static TransactionReader open(Path file) {
        return open(file, null, ReadOptions.DETECT, DEFAULT_OPEN_INVOICES);
    }

    /**
     * Opens a file with an explicit layout.
     *
     * @throws TransactionFileException when the file is missing, lacks its header or a mapped column
     */
    public static TransactionReader open(Path file, ColumnMapping mapping) {
        return open(file, mapping, ReadOptions.DETECT, DEFAULT_OPEN_INVOICES);
    }

    /**
     * Opens a file with an explicit layout ({@code null} to detect) and bound on open invoices.
     *
     * @throws TransactionFileException when the file cannot be read as a transaction file
     */
    public static TransactionReader open(Path file, ColumnMapping mapping, int maxOpenInvoices) {
        return open(file, mapping, ReadOptions.DETECT, maxOpenInvoices);
    }

    /**
     * Opens a CSV, whitespace or {@code .xlsx} file (by its name) with an explicit layout ({@code null} to detect it
     * from the header), encoding, time pattern and sheet ({@code null} components detected, see
     * {@link ReadOptions}). A time pattern to detect is found from a sample of rows before the first is returned.
     *
     * @throws TransactionFileException when the file cannot be read as a transaction file, or its time column is
     *     of no known format or ambiguous between day-first and month-first dates (the message names both readings)
     */
    public static TransactionReader open(Path file, ColumnMapping mapping, ReadOptions options,
                                         int maxOpenInvoices) {
        if (!Files.isRegularFile(file)) {
            throw new TransactionFileException(file, 0, "no such file", null);
        }
        boolean workbook = isWorkbook(file);
        if (!workbook && options.sheet() != null) {
            throw new TransactionFileException(file, 0, "a sheet was named, but this is not an .xlsx workbook", null);
        }
        // Known layouts are comma-separated; another delimiter yields a one-field header that fails detection.
        char delimiter = mapping == null ? ',' : mapping.delimiter();
        Reading reading = new Reading();
        Charset encoding = workbook ? null : encoding(file, options, reading);
        RowSource rows = rows(file, delimiter, encoding, options.sheet());
        try {
            List<String> header;
            ColumnMapping layout;
            if (mapping != null && !mapping.header().isEmpty()) {
                header = mapping.header();
                layout = mapping;
            } else {
                Row first = rows.next();
                if (first == null) {
                    throw new TransactionFileException(file, 1, "empty file, expected a header", null);
                }
                header = first.fields().stream().map(String::strip).toList();
                layout = mapping != null ? mapping : detect(header);
                if (layout == null) {
                    throw new TransactionFileException(file, first.lineNumber(), "unknown header " + header
                            + "; known layouts: " + ColumnMapping.KNOWN.stream().map(ColumnMapping::name).toList()
                            + "; pass a ColumnMapping for other layouts", null);
                }
            }
            int timeColumn = indexes(file, header, layout)[2];
            if (options.timePattern() != null || layout.timePattern() != null) {
                reading.timePattern = options.timePattern() != null ? options.timePattern() : layout.timePattern();
                reading.timeLabel = reading.timePattern;
            } else {
                reading.timePattern = detectTime(file, delimiter, encoding, options.sheet(),
                        layout.header().isEmpty(), header.size(), timeColumn, layout.time());
                reading.timeLabel = reading.timePattern + " (detected)";
            }
            try {
                return new TransactionReader(file, rows, header, layout, reading, maxOpenInvoices);
            } catch (IllegalArgumentException e) {
                throw new TransactionFileException(file, 0, "invalid time pattern '" + reading.timePattern + "': "
                        + e.getMessage(), e);
            }
        } catch (RuntimeException e) {
            rows.close();
            throw e;
        }
    }

    private static boolean isWorkbook(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xlsx");
    }

    private static Charset encoding(Path file, ReadOptions options, Reading reading) {
        if (options.encoding() != null) {
            reading.encodingLabel = options.encoding().name();
            return options.encoding();
        }
        try {
            Charset detected = TextEncoding.detect(file);
            reading.encodingLabel = detected.name() + " (detected)";
            return detected;
        } catch (IOException e) {
            throw new TransactionFileException(file, 0, "cannot read: " + e.getMessage(), e);
        }
    }

    private static RowSource rows(Path file, char delimiter, Charset encoding, String sheet) {
        if (encoding == null) {
            return new XlsxRows(file, sheet);
        }
        try {
            return RowSource.open(file, delimiter, encoding);
        } catch (IOException e) {
            throw new TransactionFileException(file, 0, "cannot open: " + e.getMessage(), e);
        }
    }

    /** The time pattern of a sample of the time column, read in a pass of its own so no rows are buffered. */
    private static String detectTime(Path file, char delimiter, Charset encoding, String sheet, boolean hasHeader,
                                     int width, int column, String name) {
        TimeFormatDetector detector = new TimeFormatDetector(name);
        try (RowSource sample = rows(file, delimiter, encoding, sheet)) {
            if (hasHeader) {
                sample.next();
            }
            for (Row row = sample.next(); row != null && !detector.decided(); row = sample.next()) {
                if (row.problem() == null && row.fields().size() == width) {
                    detector.add(row.fields().get(column));
                }
            }
        }
        try {
            return detector.pattern();
        } catch (IllegalArgumentException e) {
            throw new TransactionFileException(file, 0, e.getMessage(), e);
        }
    }

    /** Position in the header of each of the mapping's {@link ColumnMapping#columns()}, -1 where unmapped. */
    private static int[] indexes(Path file, List<String> header, ColumnMapping mapping) {
        List<String> columns = mapping.columns();
        int[] idx = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            String column = columns.get(i);
            idx[i] = column == null ? -1 : header.indexOf(column);
            if (column != null && idx[i] < 0) {
                throw new TransactionFileException(file, 1,
                        "column '" + column + "' of layout " + mapping.name() + " not in header " + header, null);
            }
        }
        return idx;
    }

    /** A known layout whose columns are exactly the header's, in any order. */
    private static ColumnMapping detect(List<String> header) {
        for (ColumnMapping known : ColumnMapping.KNOWN) {
            List<String> columns = known.columns().stream().filter(Objects::nonNull).toList();
            if (header.size() == columns.size() && Set.copyOf(header).equals(Set.copyOf(columns))) {
                return known;
            }
        }
        return null;
    }

    /** What was chosen or detected about how to read the file. */
    private static final class Reading {
        String timePattern;
        String timeLabel;
        String encodingLabel = "xlsx";
    }

    /** This reader as its own single-use iterator. */
    @Override
    public Iterator<Invoice> iterator() {
        return this;
    }

    /** The invoices as a sequential stream; closing the stream does not close the reader. */
    public Stream<Invoice> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, 0), false);
    }

    @Override
    public boolean hasNext() {
        while (ready.isEmpty() && !exhausted) {
            Row row = rows.next();
            if (row != null) {
                accept(row);
            } else {
                exhausted = true;
                for (Builder builder : open.values()) {
                    emit(builder);
                }
                open.clear();
            }
        }
        return !ready.isEmpty();
    }

    @Override
    public Invoice next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.poll();
    }

    /** Counts so far; complete once {@link #hasNext()} has returned {@code false}. */
    public ReadSummary summary() {
        return new ReadSummary(source, mapping.name(), rowCount, invoices, badRows, splitInvoices, badRowSamples,
                timeLabel, encodingLabel, rows instanceof XlsxRows xlsx ? xlsx.sheetNames() : List.of());
    }

    /** Reads all remaining invoices, discarding them, and returns the summary. */
    public ReadSummary drain() {
        while (hasNext()) {
            next();
        }
        return summary();
    }

    @Override
    public void close() {
        rows.close();
    }

    private void accept(Row row) {
        rowCount++;
        long line = row.lineNumber();
        List<String> fields = row.fields();
        if (row.problem() != null) {
            bad(row, row.problem());
            return;
        }
        if (fields.size() != fieldCount) {
            bad(row, "expected " + fieldCount + " columns, found " + fields.size());
            return;
        }
        String customer = normaliseCustomer(field(fields, 0));
        String invoiceNo = idx[1] < 0 ? "L" + line : field(fields, 1);
        if (invoiceNo == null) {
            bad(row, "empty invoice number in column " + mapping.invoice());
            return;
        }
        long time;
        try {
            time = timeParser.parse(fields.get(idx[2]).strip());
        } catch (RuntimeException e) {
            bad(row, "unparsable time '" + fields.get(idx[2]) + "' in column " + mapping.time()
                    + " (pattern " + timePattern + ")");
            return;
        }
        int quantity = 1;
        long priceE4;
        String column = mapping.quantity();
        try {
            if (idx[3] >= 0) {
                quantity = Integer.parseInt(fields.get(idx[3]).strip());
            }
            column = mapping.price() != null ? mapping.price() : mapping.amount();
            priceE4 = Money.parseE4(fields.get(idx[4] >= 0 ? idx[4] : idx[5]).strip(),
                    mapping.decimalSeparator());
        } catch (RuntimeException e) {
            bad(row, "unparsable number in column " + column + ": " + e.getMessage());
            return;
        }
        String product = idx[6] < 0 ? ColumnMapping.AMOUNT_STOCK_CODE : field(fields, 6);
        if (product == null) {
            bad(row, "empty stock code in column " + mapping.product());
            return;
        }
        Builder builder = open.get(invoiceNo);
        if (builder == null) {
            if (emitted.contains(invoiceNo)) {
                splitInvoices++;
            }
            builder = new Builder(invoiceNo, customer, field(fields, 8), time);
            open.put(invoiceNo, builder);
        } else if (!Objects.equals(builder.customer, customer)) {
            bad(row, "customer '" + customer + "' differs from '" + builder.customer
                    + "' on earlier rows of invoice " + invoiceNo);
            return;
        }
        builder.time = Math.min(builder.time, time);
        builder.lines.add(new InvoiceLine(product, field(fields, 7), quantity, priceE4));
        if (open.size() > maxOpenInvoices) {
            Iterator<Map.Entry<String, Builder>> eldest = open.entrySet().iterator();
            emit(eldest.next().getValue());
            eldest.remove();
        }
    }

    /** Field at mapped position {@code slot}, stripped; {@code null} when unmapped or blank. */
    private String field(List<String> fields, int slot) {
        if (idx[slot] < 0) {
            return null;
        }
        String value = fields.get(idx[slot]);
        if (value.isEmpty()) {
            return null;
        }
        value = value.strip();
        return value.isEmpty() ? null : value;
    }

    /** Spreadsheet exports write numeric ids as floats ({@code 17850.0}); the id is {@code 17850}. */
    private static String normaliseCustomer(String id) {
        return id != null && id.endsWith(".0") ? id.substring(0, id.length() - 2) : id;
    }

    private void emit(Builder builder) {
        emitted.add(builder.invoiceNo);
        invoices++;
        ready.add(new Invoice(builder.invoiceNo, builder.customer, builder.country, builder.time, builder.lines,
                source));
    }

    private void bad(Row row, String reason) {
        badRows++;
        if (badRowSamples.size() < MAX_BAD_ROW_SAMPLES) {
            badRowSamples.add(new BadRow(row.lineNumber(), reason, String.join(joiner, row.fields()), row.sheet()));
        }
    }

    /** Mutable accumulator of one open invoice. */
    private static final class Builder {
        final String invoiceNo;
        final String customer;
        final String country;
        final List<InvoiceLine> lines = new ArrayList<>();
        long time;

        Builder(String invoiceNo, String customer, String country, long time) {
            this.invoiceNo = invoiceNo;
            this.customer = customer;
            this.country = country;
            this.time = time;
        }
    }
}
