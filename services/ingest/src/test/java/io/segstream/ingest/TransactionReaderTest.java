package io.segstream.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segstream.testing.TestData;
import io.segstream.core.invoice.Invoice;
import io.segstream.core.invoice.InvoiceLine;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransactionReaderTest {

    @TempDir
    Path tmp;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(TransactionReaderTest.class.getResource("/ingest/" + name).toURI());
    }

    private static List<Invoice> readAll(TransactionReader reader) {
        List<Invoice> out = new ArrayList<>();
        reader.forEach(out::add);
        return out;
    }

    @Test
    void givenUciFile_whenRead_thenEveryRowAndInvoiceIsAccountedFor() {
        long best = Long.MAX_VALUE;
        ReadSummary summary = null;
        Set<String> numbers = new HashSet<>();
        long lines = 0;
        for (int run = 0; run < 3; run++) {
            numbers.clear();
            lines = 0;
            long start = System.nanoTime();
            try (TransactionReader reader = TransactionReader.open(TestData.onlineRetail())) {
                for (Invoice invoice : reader) {
                    numbers.add(invoice.invoiceNo());
                    lines += invoice.lines().size();
                }
                summary = reader.summary();
            }
            best = Math.min(best, System.nanoTime() - start);
        }
        System.out.printf("read online_retail.csv.gz: best of 3 = %d ms%n", best / 1_000_000);
        assertEquals("online-retail", summary.format());
        assertEquals(541_909, summary.rows());
        assertEquals(0, summary.badRows());
        assertEquals(0, summary.splitInvoices());
        assertEquals(25_900, summary.invoices());
        assertEquals(25_900, numbers.size(), "each invoice number emitted once");
        assertEquals(541_909, lines);
    }

    @Test
    void givenInterleavedInvoice542806_whenRead_thenItsRowsAreGroupedIntoOneInvoice() {
        try (TransactionReader reader = TransactionReader.open(TestData.onlineRetail())) {
            Invoice invoice = reader.stream().filter(i -> i.invoiceNo().equals("542806")).findFirst().orElseThrow();
            long rawRows = TestData.rawRows().stream().filter(r -> r[0].equals("542806")).count();
            assertEquals(rawRows, invoice.lines().size());
            assertEquals("12836", invoice.customerId());
        }
    }

    @Test
    void givenBadRows_whenRead_thenTheyAreReportedWithLineNumbersAndGoodRowsSurvive() throws Exception {
        try (TransactionReader reader = TransactionReader.open(resource("bad_rows.csv"))) {
            List<Invoice> invoices = readAll(reader);
            ReadSummary summary = reader.summary();
            assertEquals(7, summary.rows());
            assertEquals(4, summary.badRows());
            assertEquals(List.of(3L, 5L, 6L, 8L),
                    summary.badRowSamples().stream().map(BadRow::lineNumber).toList());
            assertTrue(summary.badRowSamples().get(0).reason().contains("Quantity"));
            assertTrue(summary.badRowSamples().get(1).reason().contains("InvoiceDate"));
            assertTrue(summary.badRowSamples().get(2).reason().contains("expected 8 columns, found 7"));
            assertTrue(summary.badRowSamples().get(3).reason().contains("UnitPrice"));
            assertEquals(List.of("536365", "536366", "536367"), invoices.stream().map(Invoice::invoiceNo).toList());
            assertEquals(3, summary.invoices());
            assertEquals(new InvoiceLine("85123A", "WHITE HANGING HEART T-LIGHT HOLDER", 6, 25_500),
                    invoices.get(0).lines().get(0));
            assertEquals("POPPY'S PLAYHOUSE BEDROOM", invoices.get(2).lines().get(0).description());
        }
    }

    @Test
    void givenOnlineRetailIIHeader_whenOpened_thenLayoutIsDetected() throws Exception {
        try (TransactionReader reader = TransactionReader.open(resource("online_retail_ii.csv"))) {
            List<Invoice> invoices = readAll(reader);
            assertEquals("online-retail-ii", reader.summary().format());
            assertEquals(3, invoices.size());
            Invoice first = invoices.get(0);
            assertEquals("13085", first.customerId());
            assertEquals(2, first.lines().size());
            assertEquals(Instant.parse("2009-12-01T07:45:00Z").toEpochMilli(), first.invoiceTimeMillis());
            assertEquals("online-retail-ii:online_retail_ii.csv", first.source());
            Invoice cancellation = invoices.stream().filter(i -> i.invoiceNo().equals("C489449")).findFirst()
                    .orElseThrow();
            assertTrue(cancellation.isCancellation());
            assertEquals(-12 * 29_500L, cancellation.amountE4());
            assertNull(invoices.stream().filter(i -> i.invoiceNo().equals("489435")).findFirst().orElseThrow()
                    .customerId());
        }
    }

    @Test
    void givenCustomAmountLayout_whenReadWithMapping_thenEachRowIsOnePurchaseOfItsAmount() throws Exception {
        ColumnMapping mapping = new ColumnMapping("shop-x", "kunde", "bon", "datum", "dd.MM.yyyy", null, null,
                "betrag", null, null, null, ';', ',', List.of());
        try (TransactionReader reader = TransactionReader.open(resource("custom_amounts.csv"), mapping)) {
            List<Invoice> invoices = readAll(reader);
            assertEquals(3, invoices.size());
            assertEquals(1, reader.summary().badRows(), "31.02.2024 is not a date");
            assertEquals(5L, reader.summary().badRowSamples().get(0).lineNumber());
            Invoice third = invoices.get(2);
            assertEquals("K-001", third.customerId());
            assertEquals(Instant.parse("2024-02-15T00:00:00Z").toEpochMilli(), third.invoiceTimeMillis());
            assertEquals(List.of(new InvoiceLine(ColumnMapping.AMOUNT_STOCK_CODE, null, 1, 1_001_250)), third.lines());
        }
    }

    @Test
    void givenCrlfLineEnds_whenRead_thenRowsLineNumbersAndInvoicesAreThoseOfTheLfFile() throws Exception {
        Path crlf = Files.writeString(tmp.resolve("bad_rows.csv"),
                Files.readString(resource("bad_rows.csv")).replace("\n", "\r\n"));
        try (TransactionReader lf = TransactionReader.open(resource("bad_rows.csv"));
             TransactionReader reader = TransactionReader.open(crlf)) {
            List<Invoice> expected = readAll(lf);
            List<Invoice> invoices = readAll(reader);

            assertEquals(expected, invoices);
            assertEquals(7, reader.summary().rows());
            assertEquals(List.of(3L, 5L, 6L, 8L),
                    reader.summary().badRowSamples().stream().map(BadRow::lineNumber).toList());
            assertEquals("United Kingdom", invoices.get(0).country(), "no CR on the last column");
        }
    }

    @Test
    void givenPaddedWhitespaceExportWithCrlf_whenReadWithWhitespaceMapping_thenRowsSplitOnRunsOfBlanks()
            throws IOException {
        Path file = Files.writeString(tmp.resolve("export.txt"), WHITESPACE_HEADER + WHITESPACE_ROWS);

        try (TransactionReader reader = TransactionReader.open(file, whitespace(List.of()))) {
            assertWhitespaceExport(readAll(reader), reader.summary(), 5);
        }
    }

    @Test
    void givenHeaderlessFile_whenReadWithColumnNames_thenTheFirstLineIsDataAndLinesKeepTheirNumbers()
            throws IOException {
        Path file = Files.writeString(tmp.resolve("export.txt"), WHITESPACE_ROWS);

        try (TransactionReader reader = TransactionReader.open(file,
                whitespace(List.of("InvoiceNo", "Customer", "Time", "StockCode", "Description", "Qty", "Price")))) {
            assertWhitespaceExport(readAll(reader), reader.summary(), 4);
        }

        Path csv = Files.writeString(tmp.resolve("amounts.csv"),
                "K-001;03.01.2024;12,50\r\nK-002;31.02.2024;7,00\r\n");
        ColumnMapping amounts = new ColumnMapping("shop-x", "kunde", null, "datum", "dd.MM.yyyy", null, null,
                "betrag", null, null, null, ';', ',', List.of("kunde", "datum", "betrag"));
        try (TransactionReader reader = TransactionReader.open(csv, amounts)) {
            List<Invoice> invoices = readAll(reader);
            assertEquals(List.of("L1"), invoices.stream().map(Invoice::invoiceNo).toList());
            assertEquals(125_000, invoices.get(0).amountE4());
            assertEquals(List.of(2L), reader.summary().badRowSamples().stream().map(BadRow::lineNumber).toList());
        }
    }

    @Test
    void givenAnEmptyHeaderlessFile_whenRead_thenThereAreNoRows() throws IOException {
        Path file = Files.writeString(tmp.resolve("empty.txt"), "\r\n");

        try (TransactionReader reader = TransactionReader.open(file, whitespace(List.of("InvoiceNo", "Customer",
                "Time", "StockCode", "Description", "Qty", "Price")))) {
            assertEquals(List.of(), readAll(reader));
            assertEquals(0, reader.summary().rows());
        }
    }

    /** Columns padded with runs of spaces and tabs, a quoted description, a blank line and a short row. */
    private static final String WHITESPACE_HEADER =
            "  InvoiceNo  Customer\tTime              StockCode  Description   Qty  Price  \r\n";
    private static final String WHITESPACE_ROWS =
            "  A-1        C-100     2024-03-01T09:15  SKU-1      \"blue mug\"    2    4.50\r\n"
            + "\r\n"
            + "  A-1        C-100     2024-03-01T09:15  SKU-2      tea           1   12.00\r\n"
            + "  A-2        C-101     2024-03-02T14:30  SKU-1      mug          10\r\n"
            + "\t A-3 \t C-100 \t 2024-03-05T18:00 \t SKU-3 \t spoon \t 3 \t 0.99 \t\r\n";

    private static ColumnMapping whitespace(List<String> header) {
        return new ColumnMapping("ws", "Customer", "InvoiceNo", "Time", "yyyy-MM-dd'T'HH:mm", "Qty", "Price", null,
                "StockCode", "Description", null, ColumnMapping.WHITESPACE, '.', header);
    }

    private static void assertWhitespaceExport(List<Invoice> invoices, ReadSummary summary, long shortRowLine) {
        assertEquals(4, summary.rows());
        assertEquals(1, summary.badRows());
        BadRow shortRow = summary.badRowSamples().get(0);
        assertEquals(new BadRow(shortRowLine, "expected 7 columns, found 6",
                "A-2 C-101 2024-03-02T14:30 SKU-1 mug 10"), shortRow);
        assertEquals(List.of("A-1", "A-3"), invoices.stream().map(Invoice::invoiceNo).toList());
        Invoice first = invoices.get(0);
        assertEquals("C-100", first.customerId());
        assertEquals(Instant.parse("2024-03-01T09:15:00Z").toEpochMilli(), first.invoiceTimeMillis());
        assertEquals(List.of(new InvoiceLine("SKU-1", "blue mug", 2, 45_000),
                new InvoiceLine("SKU-2", "tea", 1, 120_000)), first.lines());
        assertEquals(2 * 45_000 + 120_000, first.amountE4());
        assertEquals(List.of(new InvoiceLine("SKU-3", "spoon", 3, 9_900)), invoices.get(1).lines());
        assertEquals(Instant.parse("2024-03-05T18:00:00Z").toEpochMilli(), invoices.get(1).invoiceTimeMillis());
    }

    @Test
    void givenMissingEmptyOrUnknownFile_whenOpened_thenErrorNamesFileAndLine() throws IOException {
        Path missing = tmp.resolve("missing.csv");
        TransactionFileException e1 = assertThrows(TransactionFileException.class,
                () -> TransactionReader.open(missing));
        assertTrue(e1.getMessage().contains("missing.csv"), e1.getMessage());

        Path empty = Files.writeString(tmp.resolve("empty.csv"), "");
        TransactionFileException e2 = assertThrows(TransactionFileException.class, () -> TransactionReader.open(empty));
        assertTrue(e2.getMessage().contains("empty.csv:1"), e2.getMessage());

        Path unknown = Files.writeString(tmp.resolve("unknown.csv"), "a,b,c\n1,2,3\n");
        TransactionFileException e3 = assertThrows(TransactionFileException.class,
                () -> TransactionReader.open(unknown));
        assertTrue(e3.getMessage().contains("unknown.csv:1") && e3.getMessage().contains("unknown header"),
                e3.getMessage());
    }
    @Test
    void givenInterleavedRows_whenOpenBoundTooSmall_thenSplitIsCountedElseGrouped() throws IOException {
        Path file = Files.writeString(tmp.resolve("interleaved.csv"), """
                InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
                2,A,a,1,2011-01-01 10:00:00,1.0,1.0,UK
                1,B,b,1,2011-01-01 10:00:00,1.0,2.0,UK
                2,C,c,1,2011-01-01 10:01:00,1.0,1.0,UK
                """);
        try (TransactionReader reader = TransactionReader.open(file, null, 2)) {
            List<Invoice> invoices = readAll(reader);
            assertEquals(List.of("1", "2"), invoices.stream().map(Invoice::invoiceNo).toList(), "least recently touched first");
            Invoice two = invoices.stream().filter(i -> i.invoiceNo().equals("2")).findFirst().orElseThrow();
            assertEquals(List.of("A", "C"), two.lines().stream().map(InvoiceLine::stockCode).toList());
            assertEquals(Instant.parse("2011-01-01T10:00:00Z").toEpochMilli(), two.invoiceTimeMillis());
            assertEquals(0, reader.summary().splitInvoices());
        }
        try (TransactionReader reader = TransactionReader.open(file, null, 1)) {
            assertEquals(3, readAll(reader).size());
            assertEquals(1, reader.summary().splitInvoices());
        }
    }
}
