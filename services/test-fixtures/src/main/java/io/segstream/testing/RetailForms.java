package io.segstream.testing;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * Online Retail rows ({@link TestData#rawRows()}, or a part of them) written in the forms users download, without
 * segstream's code: the plain CSV as shipped, the CSV of the tutorials (US dates, integer customer ids, a
 * single-byte encoding, CRLF), and a two-sheet workbook like UCI's {@code online_retail_II.xlsx}.
 */
public final class RetailForms {

    public static final String HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,"
            + "Country";

    private RetailForms() {
    }

    /** The rows as the shipped file holds them: ISO times, UTF-8, LF. */
    public static Path plainCsv(Iterable<String[]> rows, Path file) {
        return csv(rows, file, StandardCharsets.UTF_8, "\n", row -> row);
    }

    /**
     * The rows as the CSV of the tutorials holds them: {@code 12/1/2010 8:26} (seconds only when set), customer
     * {@code 17850} for {@code 17850.0}, text in {@code encoding}, lines ending in CRLF.
     */
    public static Path usCsv(Iterable<String[]> rows, Path file, Charset encoding) {
        return csv(rows, file, encoding, "\r\n", row -> {
            String[] us = row.clone();
            us[4] = usDate(row[4]);
            us[6] = row[6].endsWith(".0") ? row[6].substring(0, row[6].length() - 2) : row[6];
            return us;
        });
    }

    /**
     * The rows in a workbook of two sheets, the first up to the first row of 2011: times as date cells, numbers as
     * number cells, as Excel holds the UCI data.
     */
    public static Path workbook(Iterable<String[]> rows, Path file, String firstSheet, String secondSheet) {
        List<String> header = List.of(HEADER.split(","));
        try (OutputStream out = Files.newOutputStream(file)) {
            Workbook wb = new Workbook(out, "segstream-test", "1.0");
            Worksheet ws = wb.newWorksheet(firstSheet);
            header(ws, header);
            int r = 1;
            for (String[] row : rows) {
                if (ws.getName().equals(firstSheet) && row[4].startsWith("2011")) {
                    ws.finish();
                    ws = wb.newWorksheet(secondSheet);
                    header(ws, header);
                    r = 1;
                }
                for (int c = 0; c < row.length; c++) {
                    cell(ws, r, c, row[c]);
                }
                if (++r % 10_000 == 0) {
                    ws.flush();
                }
            }
            ws.finish();
            wb.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** {@code 2010-12-01 08:26:00} as the UCI CSV writes it: {@code 12/1/2010 8:26}, seconds only when set. */
    public static String usDate(String iso) {
        int month = Integer.parseInt(iso.substring(5, 7));
        int day = Integer.parseInt(iso.substring(8, 10));
        int hour = Integer.parseInt(iso.substring(11, 13));
        String seconds = iso.substring(16, 19).equals(":00") ? "" : iso.substring(16, 19);
        return month + "/" + day + "/" + iso.substring(0, 4) + " " + hour + ":" + iso.substring(14, 16) + seconds;
    }

    private static Path csv(Iterable<String[]> rows, Path file, Charset encoding, String newline,
                            java.util.function.UnaryOperator<String[]> form) {
        try (Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), encoding.newEncoder()),
                1 << 16)) {
            out.write(HEADER + newline);
            for (String[] row : rows) {
                String[] r = form.apply(row);
                for (int c = 0; c < r.length; c++) {
                    if (c > 0) {
                        out.write(',');
                    }
                    out.write(field(r[c]));
                }
                out.write(newline);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static String field(String value) {
        return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    private static void header(Worksheet ws, List<String> header) {
        for (int c = 0; c < header.size(); c++) {
            ws.value(0, c, header.get(c));
        }
    }

    private static void cell(Worksheet ws, int row, int column, String value) {
        if (value.isEmpty()) {
            return;
        }
        if (column == 4) {
            ws.value(row, column, LocalDateTime.parse(value.replace(' ', 'T')));
            ws.style(row, column).format("m/d/yyyy h:mm").set();
        } else if (value.matches("-?\\d+(\\.\\d+)?") && column != 2) {
            ws.value(row, column, Double.parseDouble(value));
        } else {
            ws.value(row, column, value);
        }
    }
}
