package io.segstream.app.produce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.segstream.app.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code produce} command line without a broker: usage errors, file errors and dry runs. */
class ProduceCommandTest {

    @TempDir
    Path tmp;

    @Test
    void givenUnknownOption_whenRun_thenExitCode2WithUsage() {
        CliRun run = run("produce", "--no-such-option", "file.csv");

        assertEquals(2, run.exit());
        assertTrue(run.err().contains("Unknown option: '--no-such-option'"), run.err());
        assertTrue(run.err().contains("Usage: segstream produce"), run.err());
    }

    @Test
    void givenContradictoryOptions_whenRun_thenExitCode2NamingTheProblem() {
        assertUsage(run("produce"), "give FILE arguments or --synthetic");
        assertUsage(run("produce", "--synthetic", "x.csv"), "--synthetic takes no FILE arguments");
        assertUsage(run("produce", "--speed", "0", "x.csv"), "--speed must be positive");
        assertUsage(run("produce", "--rate", "5", "x.csv"), "apply to --synthetic only");
        assertUsage(run("produce", "--synthetic", "--duration", "soon"), "not a duration");
        assertUsage(run("produce", "--mapping", "colour=Farbe", "x.csv"), "unknown --mapping key 'colour'");
        assertUsage(run("produce", "--mapping", "time=Datum", "x.csv"), "--mapping customer=COLUMN is required");
    }

    @Test
    void givenMissingFile_whenRun_thenNonZeroExitNamingTheFileAndNoStackTrace() {
        Path missing = tmp.resolve("no-such-invoices.csv");

        CliRun run = run("produce", "--dry-run", missing.toString());

        assertEquals(1, run.exit());
        assertTrue(run.err().contains(missing + ": no such file"), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
    }

    @Test
    void givenUnknownHeader_whenRun_thenMessageNamesFileAndLine1() throws IOException {
        Path file = Files.writeString(tmp.resolve("odd.csv"), "a,b,c\n1,2,3\n");

        CliRun run = run("produce", "--dry-run", file.toString());

        assertEquals(1, run.exit());
        assertTrue(run.err().contains(file + ":1: unknown header [a, b, c]"), run.err());
    }

    @Test
    void givenCustomLayoutWithABadRow_whenDryRunWithMapping_thenSummaryCountsAndNamesTheBadLine() {
        List<String> args = new ArrayList<>(List.of("produce", "--dry-run", "--progress", "0"));
        args.addAll(List.of(ProduceFixtures.SHOP_MAPPING));
        args.add(ProduceFixtures.shopAmounts().toString());

        CliRun run = run(args.toArray(String[]::new));

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("rows          6"), run.out());
        assertTrue(run.out().contains("invoices      5"), run.out());
        assertTrue(run.out().contains("bad rows      1"), run.out());
        assertTrue(run.out().contains("shop:shop-amounts.csv line 6: unparsable number in column Betrag"), run.out());
        assertTrue(run.out().contains("produced      0 invoices (5 lines) to nothing (dry run)"), run.out());
    }

    @Test
    void givenWhitespaceExportWithCrlfAndHeader_whenDryRun_thenEveryRowIsReadAndNoneIsBad() {
        List<String> args = new ArrayList<>(List.of("produce", "--dry-run", "--progress", "0"));
        args.addAll(List.of(ProduceFixtures.mappingArgs(ProduceFixtures.WHITESPACE_LAYOUT)));
        args.add(ProduceFixtures.whitespaceExport().toString());

        CliRun run = run(args.toArray(String[]::new));

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("file          ws:shop-whitespace.crlf.txt: 5 rows, 4 invoices, 0 bad rows"),
                run.out());
        assertTrue(run.out().contains("bad rows      0"), run.out());
        assertTrue(run.out().contains("produced      0 invoices (5 lines) to nothing (dry run)"), run.out());
    }

    @Test
    void givenHeaderlessWhitespaceExport_whenDryRunWithColumns_thenEveryRowIsReadAndNoneIsBad() {
        List<String> args = new ArrayList<>(List.of("produce", "--dry-run", "--progress", "0",
                "--mapping", "columns=" + ProduceFixtures.WHITESPACE_COLUMNS));
        args.addAll(List.of(ProduceFixtures.mappingArgs(ProduceFixtures.WHITESPACE_LAYOUT)));
        args.add(ProduceFixtures.headerlessWhitespaceExport().toString());

        CliRun run = run(args.toArray(String[]::new));

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("ws:shop-whitespace-headerless.crlf.txt: 5 rows, 4 invoices, 0 bad rows"),
                run.out());
        assertTrue(run.out().contains("produced      0 invoices (5 lines) to nothing (dry run)"), run.out());
    }

    @Test
    void givenAShortRowInAHeaderlessFile_whenDryRun_thenItIsReportedWithItsLineInTheFile() throws IOException {
        Path file = Files.writeString(tmp.resolve("export.txt"),
                "  C-1   2024-03-01   12.50\r\n\r\n  C-2   2024-03-02\r\n\tC-3\t2024-03-03\t7.00\r\n");

        CliRun run = run("produce", "--dry-run", "--progress", "0", "--mapping", "delimiter=whitespace",
                "--mapping", "columns=id,day,total", "--mapping", "customer=id", "--mapping", "time=day",
                "--mapping", "time-pattern=yyyy-MM-dd", "--mapping", "amount=total", file.toString());

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("custom:export.txt: 3 rows, 2 invoices, 1 bad rows"), run.out());
        assertTrue(run.out().contains("custom:export.txt line 3: expected 3 columns, found 2"), run.out());
    }

    @Test
    void givenColumnsThatDoNotFitTheMapping_whenRun_thenExitCode2NamingTheColumn() {
        assertUsage(run("produce", "--mapping", "columns=id,day,day", "--mapping", "customer=id", "--mapping",
                "time=day", "--mapping", "amount=day", "x.txt"), "column 'day' is named twice in columns");
        assertUsage(run("produce", "--mapping", "columns=id,day,sum", "--mapping", "customer=id", "--mapping",
                "time=day", "--mapping", "amount=total", "x.txt"), "amount column 'total' is not among columns");
        assertUsage(run("produce", "--mapping", "columns=", "--mapping", "customer=id", "--mapping", "time=day",
                "--mapping", "amount=total", "x.txt"), "columns needs comma-separated names");
    }

    @Test
    void givenSyntheticDryRun_whenInvoiceLimitSet_thenExactlyThatManyAreGenerated() {
        CliRun run = run("produce", "--synthetic", "--customers", "500", "--invoices", "1234", "--seed", "9",
                "--dry-run", "--progress", "0");

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("invoices      1,234"), run.out());
        assertTrue(run.out().contains("synthetic, seed 9, 500 customers"), run.out());
    }

    private static void assertUsage(CliRun run, String message) {
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains(message), run.err());
        assertTrue(run.err().contains("Usage: segstream produce"), run.err());
        assertNotEquals("", message);
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }
}
