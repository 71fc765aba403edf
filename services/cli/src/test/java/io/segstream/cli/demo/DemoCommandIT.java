package io.segstream.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segstream.testing.TestData;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command, as a newcomer runs it: {@code ./segstream demo --exit-when-done} in its own JVM process,
 * on a small transaction file (seven weeks of Online Retail, 285 customers). The summary must show a published model
 * and one first assignment for every customer of the file, at full speed and at the default pace; polled while it
 * runs, the console's segment-size series and the size gauges never dip, model swaps included.
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

    @Test
    void givenShortRescoringSteps_whenDemoRuns_thenTheConsoleSizeSeriesAndTheGaugesNeverDip() throws Exception {
        // Refits every two weeks of history, at two days a second, so models are swapped under customers already
        // segmented; two customers per re-scoring step (every 200 ms), so each task's pass lasts seconds.
        List<JsonNode> overviews = new CopyOnWriteArrayList<>();
        List<Double> gaugeSums = new CopyOnWriteArrayList<>();
        String summary = demo(output -> watch(output, overviews, gaugeSums), "--train-every", "14d",
                "--speed", "172800", "-D", "segstream.rescore.chunk=2");

        assertEverCustomerSegmented(summary);
        assertFalse(overviews.isEmpty(), "the console answered");
        JsonNode last = overviews.getLast();
        assertTrue(last.get("models").size() >= 3, "model swaps during the replay: " + last.get("models"));
        List<Long> totals = sizeTotals(last.get("sizes"));
        assertTrue(totals.size() >= 5, "console samples: " + totals);
        for (int t = 1; t < totals.size(); t++) {
            assertTrue(totals.get(t) >= totals.get(t - 1), "the console's size series dips at sample " + t + " of "
                    + last.at("/sizes/times") + ": " + totals);
        }
        // The console samples once a second and the demo exits soon after its last pass: no exact last value.
        assertTrue(totals.getLast() <= 285 && totals.getLast() > 0, "nobody counted twice: " + totals);
        System.out.printf(Locale.ROOT, "DemoCommandIT: models %s; console size totals %s; gauge sums %s%n",
                last.get("models").findValuesAsText("version"), totals, gaugeSums);
        assertTrue(gaugeSums.size() >= 5, "metrics scraped: " + gaugeSums.size());
        assertTrue(gaugeSums.getLast() <= 285, "nobody counted twice: " + gaugeSums);
        for (int t = 1; t < gaugeSums.size(); t++) {
            assertTrue(gaugeSums.get(t) >= gaugeSums.get(t - 1), "the sum of segstream_segment_customers drops at"
                    + " scrape " + t + ": " + gaugeSums);
        }
    }

    /** Polls the console's overview and the metrics of the demo printing to {@code output} until it exits. */
    private void watch(Path output, List<JsonNode> overviews, List<Double> gaugeSums) {
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        Pattern console = Pattern.compile("web console\\s+(http://\\S+)/console");
        Pattern metrics = Pattern.compile("(?m)^metrics\\s+(http://\\S+)");
        Pattern gauge = Pattern.compile("(?m)^segstream_segment_customers\\{[^}]*} ([0-9.eE+-]+)$");
        String consoleUrl = null;
        String metricsUrl = null;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                if (consoleUrl == null || metricsUrl == null) {
                    String text = Files.exists(output) ? Files.readString(output) : "";
                    Matcher c = console.matcher(text);
                    Matcher m = metrics.matcher(text);
                    if (c.find() && m.find()) {
                        consoleUrl = c.group(1) + "/console/api/overview";
                        metricsUrl = m.group(1);
                    }
                } else {
                    overviews.add(json.readTree(http.send(HttpRequest.newBuilder(URI.create(consoleUrl)).build(),
                            HttpResponse.BodyHandlers.ofString()).body()));
                    Matcher g = gauge.matcher(http.send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(),
                            HttpResponse.BodyHandlers.ofString()).body());
                    double sum = 0;
                    boolean any = false;
                    while (g.find()) {
                        sum += Double.parseDouble(g.group(1));
                        any = true;
                    }
                    if (any) {
                        gaugeSums.add(sum);
                    }
                }
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                // Not up yet, or already gone.
            }
        }
    }

    private static List<Long> sizeTotals(JsonNode sizes) {
        List<Long> totals = new ArrayList<>();
        for (int t = 0; t < sizes.get("times").size(); t++) {
            long total = 0;
            for (JsonNode series : sizes.get("series")) {
                total += series.get("values").get(t).asLong();
            }
            totals.add(total);
        }
        return totals;
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
        return demo(output -> { }, extra);
    }

    /** Runs the demo with {@code watcher} told its output file on a thread of its own, interrupted at the exit. */
    private String demo(Consumer<Path> watcher, String... extra) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("segstream").toString(), "demo",
                "--exit-when-done", "--data", fixture().toString(), "--work-dir", work.resolve("demo").toString(),
                "--api-port", "0", "-D", "segstream.metrics.port=0"));
        command.addAll(List.of(extra));
        Path output = work.resolve("demo.out");
        Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        process.getOutputStream().close();
        Thread watching = Thread.ofPlatform().start(() -> watcher.accept(output));
        boolean exited = process.waitFor(5, TimeUnit.MINUTES);
        watching.interrupt();
        watching.join();
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        String text = Files.readString(output);
        assertTrue(exited, "demo still running after 5 minutes:\n" + text);
        assertEquals(0, process.exitValue(), text);
        return text.substring(Math.max(0, text.lastIndexOf("Summary")));
    }

    private static Path fixture() {
        return TestData.demoSample();
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
