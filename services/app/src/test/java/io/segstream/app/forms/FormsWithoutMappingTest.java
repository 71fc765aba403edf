package io.segstream.app.forms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import io.segstream.app.cli.CliRun;
import io.segstream.testing.RetailForms;
import io.segstream.testing.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code produce --dry-run} and {@code analyze} on the forms users download, with no mapping: the Online Retail rows
 * of December 2010 and the first half of January 2011 (both sheets of a workbook split at the year) as the plain CSV,
 * the tutorials' US-dated ISO-8859-1 CSV with CRLF, and a two-sheet workbook. Each form reads with 0 bad rows, the
 * rows and invoices of the plain rows, and gives the segments the plain form gives, byte for byte.
 */
class FormsWithoutMappingTest {

    @TempDir
    static Path tmp;

    private static List<String[]> rows;
    private static long invoices;
    private static Path plain;
    private static Path us;
    private static Path workbook;

    @BeforeAll
    static void writeForms() {
        rows = TestData.rawRows().stream().filter(r -> r[4].compareTo("2011-01-15") < 0).toList();
        invoices = rows.stream().map(r -> r[0]).distinct().count();
        plain = RetailForms.plainCsv(rows, tmp.resolve("online_retail.csv"));
        us = RetailForms.usCsv(rows, tmp.resolve("Online Retail.csv"), StandardCharsets.ISO_8859_1);
        workbook = RetailForms.workbook(rows, tmp.resolve("online_retail_II.xlsx"), "Year 2009-2010",
                "Year 2010-2011");
    }

    private static String counts() {
        return String.format(Locale.ROOT, "%,d rows, %,d invoices, 0 bad rows", rows.size(), invoices);
    }

    @Test
    void givenEachForm_whenDryRunWithoutMapping_thenTheRowsAndInvoicesOfThePlainRowsAndNoBadRow() {
        for (Path form : List.of(plain, us, workbook)) {
            CliRun run = CliRun.of("produce", "--dry-run", "--progress", "0", form.toString());

            assertEquals(0, run.exit(), run.err());
            assertTrue(run.out().contains(form.getFileName() + ": " + counts()), run.out());
        }
        CliRun run = CliRun.of("produce", "--dry-run", "--progress", "0", workbook.toString());
        assertTrue(run.out().contains("sheets Year 2009-2010, Year 2010-2011"), run.out());
    }

    @Test
    void givenEachForm_whenAnalyzedWithoutMapping_thenNoBadRowAndThePlainFormsSegments() throws IOException {
        byte[] expected = null;
        for (Path form : List.of(plain, us, workbook)) {
            Path out = tmp.resolve("report-" + form.getFileName());
            CliRun run = CliRun.of("analyze", "--input", form.toString(), "--out", out.toString());

            assertEquals(0, run.exit(), run.err());
            assertTrue(run.err().contains("read " + counts()), run.err());
            byte[] segments = Files.readAllBytes(out.resolve("segments.csv"));
            if (expected == null) {
                expected = segments;
            } else {
                assertArrayEquals(expected, segments, form + " gives other segments than the plain CSV");
            }
        }
    }
}
