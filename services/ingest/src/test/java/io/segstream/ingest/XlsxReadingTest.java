package io.segstream.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segstream.core.invoice.Invoice;
import io.segstream.testing.RetailForms;
import io.segstream.testing.TestData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workbooks written at test time with fastexcel, shaped like the UCI ones. */
class XlsxReadingTest {

    private static final List<String> HEADER = List.of("InvoiceNo", "StockCode", "Description", "Quantity",
            "InvoiceDate", "UnitPrice", "CustomerID", "Country");

    @TempDir
    Path tmp;

    private static void header(Worksheet ws) {
        for (int c = 0; c < HEADER.size(); c++) {
            ws.value(0, c, HEADER.get(c));
        }
    }

    @Test
    void givenShippedDataAsTwoSheetWorkbook_whenReadWithoutMapping_thenTheInvoicesAreThePlainFiles()
            throws IOException {
        Path xlsx = RetailForms.workbook(TestData.rawRows(), tmp.resolve("online_retail_II.xlsx"), "Year 2010",
                "Year 2011");

        long start = System.nanoTime();
        DialectsTest.Read fromXlsx = DialectsTest.readWithSummary(xlsx, ReadOptions.DETECT);
        System.out.printf("read %,d-byte workbook of 541,909 rows in %d ms%n", Files.size(xlsx),
                (System.nanoTime() - start) / 1_000_000);

        assertEquals(DialectsTest.plain(), fromXlsx.invoices());
        ReadSummary summary = fromXlsx.summary();
        assertEquals(List.of("Year 2010", "Year 2011"), summary.sheets());
        assertEquals("yyyy-MM-dd HH:mm:ss (detected)", summary.timePattern());
        assertEquals("xlsx", summary.encoding());
        assertEquals(541_909, summary.rows());
    }

    @Test
    void givenTextDatesBadRowsAndMissingSheet_whenRead_thenTheDatesParseAndErrorsNameSheetAndRow()
            throws IOException {
        Path xlsx = tmp.resolve("small.xlsx");
        try (OutputStream out = Files.newOutputStream(xlsx)) {
            Workbook wb = new Workbook(out, "segstream-test", "1.0");
            Worksheet first = wb.newWorksheet("Dec");
            header(first);
            List.of(List.of("536365", "85123A", "WHITE HANGING HEART T-LIGHT HOLDER", "6", "12/1/2010 8:26", "2.55",
                            "17850", "United Kingdom"),
                    List.of("536366", "22633", "HAND WARMER UNION JACK", "6", "12/13/2010 8:28", "1.85", "17850",
                            "United Kingdom"))
                    .forEach(row -> writeText(first, row));
            first.finish();
            Worksheet second = wb.newWorksheet("Jan");
            header(second);
            writeText(second, List.of("536367", "84879", "ASSORTED COLOUR BIRD ORNAMENT", "many", "1/4/2011 9:00",
                    "1.69", "13047", "United Kingdom"));
            second.finish();
            wb.finish();
        }

        try (TransactionReader reader = TransactionReader.open(xlsx)) {
            List<Invoice> invoices = reader.stream().toList();
            ReadSummary summary = reader.summary();
            assertEquals(List.of("536365", "536366"), invoices.stream().map(Invoice::invoiceNo).toList());
            assertEquals(Instant.parse("2010-12-13T08:28:00Z").toEpochMilli(), invoices.get(1).invoiceTimeMillis());
            assertEquals(18_500, invoices.get(1).lines().getFirst().unitPriceE4());
            assertEquals("M/d/yyyy H:mm (detected)", summary.timePattern());
            BadRow bad = summary.badRowSamples().getFirst();
            assertEquals("sheet 'Jan' row 2", bad.location());
            assertTrue(bad.reason().startsWith("unparsable number in column Quantity"), bad.reason());
        }
        ReadOptions january = new ReadOptions(null, "M/d/yyyy H:mm", "Jan");
        try (TransactionReader reader = TransactionReader.open(xlsx, null, january, 10)) {
            ReadSummary summary = reader.drain();
            assertEquals(List.of("Jan"), summary.sheets());
            assertEquals(1, summary.rows());
            assertEquals(0, summary.invoices());
        }
        TransactionFileException missing = assertThrows(TransactionFileException.class,
                () -> TransactionReader.open(xlsx, null, new ReadOptions(null, null, "Feb"), 10));
        assertEquals(xlsx + ": no sheet named 'Feb'; sheets: [Dec, Jan]", missing.getMessage());
    }

    @Test
    void givenStoredNumbersAndFormats_whenConverted_thenTheyReadAsExcelShowsThem() {
        assertEquals("17850", XlsxRows.number("17850"));
        assertEquals("2.55", XlsxRows.number("2.5499999999999998"));
        assertEquals("18", XlsxRows.number("18.0"));
        assertEquals("-1.2", XlsxRows.number("-1.20"));
        assertEquals("0.001", XlsxRows.number("1E-3"));
        assertTrue(XlsxRows.isDateFormat("m/d/yyyy h:mm"));
        assertTrue(XlsxRows.isDateFormat("[$-409]dd-mmm-yy;@"));
        assertEquals(false, XlsxRows.isDateFormat("0.00"));
        assertEquals(false, XlsxRows.isDateFormat("\"days\" #,##0"));
        assertEquals(false, XlsxRows.isDateFormat("General"));
    }

    private static void writeText(Worksheet ws, List<String> row) {
        int r = ws.getName().equals("Dec") && row.get(0).equals("536366") ? 2 : 1;
        for (int c = 0; c < row.size(); c++) {
            ws.value(r, c, row.get(c));
        }
    }
}
