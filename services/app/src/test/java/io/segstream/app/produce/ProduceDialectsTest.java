package io.segstream.app.produce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import io.segstream.app.cli.CliRun;
import io.segstream.core.invoice.Invoice;
import io.segstream.ingest.ReadOptions;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code produce --dry-run} on the forms users download, written at test time, with no mapping. */
class ProduceDialectsTest {

    private static final String HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,"
            + "Country";
    /** Rows of the plain form: invoice, stock code, description, quantity, ISO time, price, customer, country. */
    private static final List<String[]> ROWS = List.of(
            new String[] {"536365", "85123A", "WHITE HANGING HEART T-LIGHT HOLDER", "6", "2010-12-01 08:26:00",
                "2.55", "17850.0", "United Kingdom"},
            new String[] {"536365", "71053", "PAPER CHAIN KIT £5", "6", "2010-12-01 08:26:00", "3.39", "17850.0",
                "United Kingdom"},
            new String[] {"536366", "22633", "CAFÉ HAND WARMER", "12", "2010-12-13 09:05:00", "1.85", "12583.0",
                "France"},
            new String[] {"C536379", "D", "Discount", "-1", "2011-01-04 17:30:00", "27.5", "14527.0",
                "United Kingdom"},
            new String[] {"536380", "22961", "THERMOMETER 30°", "24", "2011-01-04 18:00:00", "0.85", "",
                "United Kingdom"});

    @TempDir
    Path tmp;

    private Path plain() throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (String[] r : ROWS) {
            text.append(String.join(",", r)).append('\n');
        }
        return Files.writeString(tmp.resolve("plain.csv"), text, StandardCharsets.UTF_8);
    }

    private Path usCsv(Charset encoding) throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append("\r\n");
        for (String[] r : ROWS) {
            LocalDateTime t = LocalDateTime.parse(r[4].replace(' ', 'T'));
            String us = t.getMonthValue() + "/" + t.getDayOfMonth() + "/" + t.getYear() + " " + t.getHour() + ":"
                    + String.format("%02d", t.getMinute());
            text.append(String.join(",", r[0], r[1], r[2], r[3], us, r[5], r[6].replace(".0", ""), r[7]))
                    .append("\r\n");
        }
        Path file = tmp.resolve("Online Retail.csv");
        Files.write(file, text.toString().getBytes(encoding));
        return file;
    }

    private Path workbook() throws IOException {
        Path file = tmp.resolve("online_retail_II.xlsx");
        try (OutputStream out = Files.newOutputStream(file)) {
            Workbook wb = new Workbook(out, "segstream-test", "1.0");
            Worksheet ws = null;
            int r = 0;
            for (String[] row : ROWS) {
                String sheet = row[4].startsWith("2010") ? "Year 2009-2010" : "Year 2010-2011";
                if (ws == null || !ws.getName().equals(sheet)) {
                    if (ws != null) {
                        ws.finish();
                    }
                    ws = wb.newWorksheet(sheet);
                    String[] h = HEADER.split(",");
                    for (int c = 0; c < h.length; c++) {
                        ws.value(0, c, h[c]);
                    }
                    r = 1;
                }
                for (int c = 0; c < row.length; c++) {
                    if (c == 4) {
                        ws.value(r, c, LocalDateTime.parse(row[4].replace(' ', 'T')));
                        ws.style(r, c).format("m/d/yyyy h:mm").set();
                    } else if (row[c].matches("-?\\d+(\\.\\d+)?") && c != 2) {
                        ws.value(r, c, Double.parseDouble(row[c]));
                    } else if (!row[c].isEmpty()) {
                        ws.value(r, c, row[c]);
                    }
                }
                r++;
            }
            ws.finish();
            wb.finish();
        }
        return file;
    }

    private static List<Invoice> invoices(Path file) {
        List<Invoice> out = new ArrayList<>();
        try (FileSource source = FileSource.open(List.of(file), null, ReadOptions.DETECT)) {
            source.forEachRemaining(i -> out.add(new Invoice(i.invoiceNo(), i.customerId(), i.country(),
                    i.invoiceTimeMillis(), i.lines(), "")));
        }
        return out;
    }

    @Test
    void givenUsDatedWindows1252Csv_whenDryRunWithoutMapping_thenNoBadRowAndTheDetectedFormIsPrinted()
            throws IOException {
        Path us = usCsv(Charset.forName("windows-1252"));

        CliRun run = CliRun.of("produce", "--dry-run", "--progress", "0", us.toString());

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("online-retail:Online Retail.csv: 5 rows, 4 invoices, 0 bad rows"), run.out());
        assertTrue(run.out().contains("read as     layout online-retail, time M/d/yyyy H:mm (detected), "
                + "encoding windows-1252 (detected)"), run.out());
        List<Invoice> expected = invoices(plain());
        assertEquals(expected, invoices(us));
        assertEquals(List.of("PAPER CHAIN KIT £5", "CAFÉ HAND WARMER", "THERMOMETER 30°"),
                List.of(expected.get(0).lines().get(1).description(), expected.get(1).lines().get(0).description(),
                        expected.get(3).lines().get(0).description()));
        assertEquals(356_400, expected.getFirst().amountE4(), "6 x 2.55 + 6 x 3.39");
        assertEquals(java.util.Arrays.asList("17850", "12583", "14527", null),
                expected.stream().map(Invoice::customerId).toList());
    }

    @Test
    void givenTwoSheetWorkbook_whenDryRunWithoutMapping_thenBothSheetsAreReadInOrder() throws IOException {
        Path xlsx = workbook();

        CliRun run = CliRun.of("produce", "--dry-run", "--progress", "0", xlsx.toString());

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("online-retail:online_retail_II.xlsx: 5 rows, 4 invoices, 0 bad rows"),
                run.out());
        assertTrue(run.out().contains("read as     layout online-retail, time yyyy-MM-dd HH:mm:ss (detected), "
                + "encoding xlsx, sheets Year 2009-2010, Year 2010-2011"), run.out());
        assertEquals(invoices(plain()), invoices(xlsx));

        CliRun one = CliRun.of("produce", "--dry-run", "--progress", "0", "--sheet", "Year 2010-2011",
                xlsx.toString());
        assertTrue(one.out().contains("online_retail_II.xlsx: 2 rows, 2 invoices, 0 bad rows"), one.out());

        CliRun missing = CliRun.of("produce", "--dry-run", "--sheet", "2012", xlsx.toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("no sheet named '2012'; sheets: [Year 2009-2010, Year 2010-2011]"),
                missing.err());
    }

    @Test
    void givenAmbiguousDates_whenDryRun_thenItStopsNamingBothReadingsAndAPatternResolvesIt() throws IOException {
        Path file = Files.writeString(tmp.resolve("eu.csv"), HEADER + "\n536365,85123A,MUG,6,1/2/2011 8:26,2.55,"
                + "17850,United Kingdom\n536366,85123A,MUG,6,3/4/2011 9:00,2.55,17850,United Kingdom\n");

        CliRun run = CliRun.of("produce", "--dry-run", "--progress", "0", file.toString());

        assertEquals(1, run.exit());
        assertTrue(run.err().contains("'1/2/2011 8:26' reads as 2011-01-02 (US, month first: --mapping "
                + "time-pattern='M/d/yyyy H:mm') or as 2011-02-01 (day first: --mapping time-pattern='d/M/yyyy H:mm')"),
                run.err());

        CliRun chosen = CliRun.of("produce", "--dry-run", "--progress", "0", "--mapping", "time-pattern=d/M/yyyy H:mm",
                "--mapping", "encoding=UTF-8", file.toString());
        assertEquals(0, chosen.exit(), chosen.err());
        assertTrue(chosen.out().contains("read as     layout online-retail, time d/M/yyyy H:mm, encoding UTF-8"),
                chosen.out());
    }
}
