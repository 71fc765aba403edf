package io.segstream.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segstream.core.invoice.Invoice;
import io.segstream.testing.RetailForms;
import io.segstream.testing.TestData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped data and small files written at test time in the dialects users have: dates, encodings, CRLF. */
class DialectsTest {

    private static final String HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,"
            + "Country";

    @TempDir
    Path tmp;

    /** What one pass over a file gives: its invoices without their source label (which names the file). */
    record Read(List<Invoice> invoices, ReadSummary summary) {
    }

    private static List<Invoice> plain;

    /** One pass over {@code file}, checking it has no bad row. */
    static Read readWithSummary(Path file, ReadOptions options) {
        List<Invoice> out = new ArrayList<>();
        try (TransactionReader reader = TransactionReader.open(file, null, options,
                TransactionReader.DEFAULT_OPEN_INVOICES)) {
            for (Invoice i : reader) {
                out.add(new Invoice(i.invoiceNo(), i.customerId(), i.country(), i.invoiceTimeMillis(), i.lines(), ""));
            }
            assertEquals(0, reader.summary().badRows(), () -> "bad rows: " + reader.summary().badRowSamples());
            return new Read(out, reader.summary());
        }
    }

    static List<Invoice> read(Path file, ReadOptions options) {
        return readWithSummary(file, options).invoices();
    }

    /** The invoices of the shipped file, read once for every test of this module that compares with them. */
    static synchronized List<Invoice> plain() {
        if (plain == null) {
            plain = read(TestData.onlineRetail(), ReadOptions.DETECT);
        }
        return plain;
    }

    @Test
    void givenShippedDataAsUsDatedLatin1CsvWithCrlf_whenReadWithoutMapping_thenTheInvoicesAreThePlainFiles() {
        Path us = RetailForms.usCsv(TestData.rawRows(), tmp.resolve("Online Retail.csv"), StandardCharsets.ISO_8859_1);

        Read fromUs = readWithSummary(us, ReadOptions.DETECT);

        assertEquals(25_900, fromUs.invoices().size());
        assertEquals(plain(), fromUs.invoices());
        assertEquals("M/d/yyyy H:mm (detected)", fromUs.summary().timePattern());
        assertEquals("windows-1252 (detected)", fromUs.summary().encoding());
        assertEquals("online-retail", fromUs.summary().format());
        assertEquals(541_909, fromUs.summary().rows());
    }

    private Path smallCsv(String name, byte[] bom, Charset encoding, String... dates) throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append("\r\n");
        String[] descriptions = {"PAPER CHAIN £5", "CAFÉ AU LAIT BOWL", "THERMOMETER 30°"};
        for (int i = 0; i < dates.length; i++) {
            text.append("5000").append(i).append(",8500").append(i).append(',').append(descriptions[i % 3])
                    .append(",2,").append(dates[i]).append(",1.25,1234").append(i).append(",France\r\n");
        }
        Path file = tmp.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(bom);
            out.write(text.toString().getBytes(encoding));
        }
        return file;
    }

    private static List<String> descriptions(List<Invoice> invoices) {
        return invoices.stream().map(i -> i.lines().getFirst().description()).toList();
    }

    @Test
    void givenUtf8WithAndWithoutBomAndWindows1252_whenRead_thenPoundAccentAndDegreeComeOutRight()
            throws IOException {
        String[] dates = {"2011-03-01 10:00", "2011-03-02 11:00", "2011-03-03 12:00"};
        List<String> expected = List.of("PAPER CHAIN £5", "CAFÉ AU LAIT BOWL", "THERMOMETER 30°");
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

        Path utf8 = smallCsv("utf8.csv", new byte[0], StandardCharsets.UTF_8, dates);
        Path utf8Bom = smallCsv("utf8-bom.csv", bom, StandardCharsets.UTF_8, dates);
        Path cp1252 = smallCsv("cp1252.csv", new byte[0], TextEncoding.WINDOWS_1252, dates);

        assertEquals(expected, descriptions(read(utf8, ReadOptions.DETECT)));
        assertEquals(expected, descriptions(read(utf8Bom, ReadOptions.DETECT)));
        assertEquals(expected, descriptions(read(cp1252, ReadOptions.DETECT)));
        try (TransactionReader reader = TransactionReader.open(cp1252)) {
            assertEquals("windows-1252 (detected)", reader.summary().encoding());
        }
        try (TransactionReader reader = TransactionReader.open(utf8Bom)) {
            assertEquals("UTF-8 (detected)", reader.summary().encoding());
        }
    }

    @Test
    void givenExplicitEncodingOrPattern_whenRead_thenTheyWinOverDetection() throws IOException {
        Path utf8 = smallCsv("utf8.csv", new byte[0], StandardCharsets.UTF_8, "1/2/2011 10:00", "3/4/2011 11:00",
                "5/6/2011 12:00");

        TransactionFileException ambiguous = assertThrows(TransactionFileException.class,
                () -> TransactionReader.open(utf8));
        assertTrue(ambiguous.getMessage().contains("'1/2/2011 10:00' reads as 2011-01-02 (US, month first: "
                + "--mapping time-pattern='M/d/yyyy H:mm') or as 2011-02-01"), ambiguous.getMessage());

        List<Invoice> dayFirst = read(utf8, new ReadOptions(TextEncoding.WINDOWS_1252, "d/M/yyyy H:mm", null));
        assertEquals(java.time.Instant.parse("2011-02-01T10:00:00Z").toEpochMilli(),
                dayFirst.getFirst().invoiceTimeMillis());
        assertEquals("PAPER CHAIN Â£5", dayFirst.getFirst().lines().getFirst().description(),
                "UTF-8 bytes read as the Windows-1252 asked for");
    }

    @Test
    void givenInvalidUtf8Sequences_whenChecked_thenOnlyWellFormedTextPasses() throws IOException {
        assertTrue(TextEncoding.isUtf8(new java.io.ByteArrayInputStream("£é°€😀".getBytes(StandardCharsets.UTF_8))));
        for (byte[] bad : List.of(new byte[] {(byte) 0xA3}, new byte[] {(byte) 0xC3}, new byte[] {(byte) 0xC0,
                (byte) 0x80}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})) {
            assertEquals(false, TextEncoding.isUtf8(new java.io.ByteArrayInputStream(bad)));
        }
    }
}
