package io.segstream.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import io.segstream.testing.TestData;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command, as a newcomer runs it: {@code ./segstream demo --exit-when-done} in its own JVM process,
 * on a small transaction file (seven weeks of Online Retail, 285 customers). The summary must show a published model
 * and one first assignment for every customer of the file, at full speed and at the default pace.
 */
@Tag("integration")
class DemoCommandIT {

    private static final Path ROOT = TestData.repositoryRoot();

    @TempDir
    Path work;

    @Test
    void givenSmallFile_whenDemoRunsAsFastAsPossible_thenEveryCustomerIsSegmented() throws Exception {
        String summary = demo("--speed", "0");

        assertEverCustomerSegmented(summary);
    }

    @Test
    void givenSmallFile_whenDemoRunsAtTheDefaultPace_thenEveryCustomerIsSegmented() throws Exception {
        String summary = demo();

        assertEverCustomerSegmented(summary);
    }

    private static void assertEverCustomerSegmented(String summary) throws Exception {
        int customers = customersOf(fixture());
        assertEquals(285, customers, "the fixture's distinct customer ids");
        assertTrue(number(summary, "models published\\s+([\\d,]+)") >= 1, summary);
        assertEquals(customers, number(summary, "FIRST_ASSIGNMENT ([\\d,]+)"), summary);
        Matcher done = Pattern.compile("final refit\\s+published v(\\d+); ([\\d,]+) of ([\\d,]+) customers segmented")
                .matcher(summary);
        assertTrue(done.find(), summary);
        assertEquals(customers, parse(done.group(2)), summary);
        assertEquals(customers, parse(done.group(3)), summary);
        assertEquals(customers, segmentTableTotal(summary), summary);
        assertEquals(0, number(summary, "dead letters ([\\d,]+)"), summary);
    }

    private String demo(String... extra) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("segstream").toString(), "demo",
                "--exit-when-done", "--data", fixture().toString(), "--work-dir", work.resolve("demo").toString(),
                "--api-port", "0", "-D", "segstream.metrics.port=0"));
        command.addAll(List.of(extra));
        Path output = work.resolve("demo.out");
        Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        process.getOutputStream().close();
        boolean exited = process.waitFor(5, TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        String text = Files.readString(output);
        assertTrue(exited, "demo still running after 5 minutes:\n" + text);
        assertEquals(0, process.exitValue(), text);
        return text.substring(Math.max(0, text.lastIndexOf("Summary")));
    }

    private static Path fixture() {
        try {
            return Path.of(DemoCommandIT.class.getResource("/demo/retail-sample.csv.gz").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Distinct non-empty customer ids, read with a plain CSV parser, independent of segstream's reader. */
    private static int customersOf(Path file) throws IOException {
        Set<String> ids = new TreeSet<>();
        try (Reader in = new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8);
             CsvReader<CsvRecord> csv = CsvReader.builder().ofCsvRecord(in)) {
            boolean header = true;
            for (CsvRecord row : csv) {
                if (!header && !row.getField(6).isBlank()) {
                    ids.add(row.getField(6));
                }
                header = false;
            }
        }
        return ids.size();
    }

    private static long segmentTableTotal(String summary) {
        Matcher row = Pattern.compile("(?m)^\\d+\\s+.+?\\s+([\\d,]+)\\s+[\\d.]+%").matcher(summary);
        long total = 0;
        while (row.find()) {
            total += parse(row.group(1));
        }
        return total;
    }

    private static long number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no '" + regex + "' in:\n" + text);
        return parse(m.group(1));
    }

    private static long parse(String digits) {
        return Long.parseLong(digits.replace(",", ""));
    }
}
