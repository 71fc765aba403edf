package io.segstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segstream.app.Segstream;
import io.segstream.core.features.CustomerState;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code bench heavy} on a short run through the command line, on a real embedded broker and registry: history
 * lengths 1 and 300 with two windows of 50 invoices (the one customer ends with 400, past the invoice keys' inline
 * limit of 128): two rows, the one customer's invoice keys in the history store and none in the spread case,
 * changelog bytes and CPU measured for both.
 */
@Tag("integration")
class HeavyBenchIT {

    @Test
    void givenLengthsUpTo300_whenBenchHeavyRuns_thenBothCasesAreMeasuredPerPhase() throws Exception {
        Path dir = Files.createTempDirectory("segstream-bench-heavy-");
        Path json = dir.resolve("heavy.json");
        StringWriter out = new StringWriter();
        CommandLine cli = Segstream.commandLine();
        cli.setOut(new PrintWriter(out));
        StringWriter log = new StringWriter();
        cli.setErr(new PrintWriter(log));

        int code = cli.execute("bench", "heavy", "--max-length", "300", "--warmup", "500", "--window", "50", "--rounds", "2",
                "--work-dir",
                dir.resolve("work").toString(), "--out", json.toString());

        System.out.print(log);
        System.out.print(out);
        assertEquals(0, code, out.toString());
        assertTrue(out.toString().contains("CPU/invoice, one"), out.toString());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals(500, root.get("warmupInvoices").asInt());
        assertEquals(50, root.get("windowInvoices").asInt());
        assertEquals(2, root.get("rounds").asInt());
        JsonNode rows = root.get("rows");
        assertEquals(2, rows.size());
        assertEquals(List.of(1L, 300L), List.of(rows.get(0).get("historyLength").asLong(),
                rows.get(1).get("historyLength").asLong()));
        for (int i = 0; i < 2; i++) {
            for (String side : List.of("oneCustomer", "spread")) {
                JsonNode phase = rows.get(i).get(side);
                assertEquals(rows.get(i).get("historyLength").asLong(), phase.get("history").asLong());
                assertTrue(phase.get("cpuMicrosPerInvoice").asDouble() > 0, side + " row " + i + ": CPU");
                // At least the customer record, keyed by an 8-digit id.
                assertTrue(phase.get("changelogRecordsPerInvoice").asDouble() >= 1, side + " row " + i);
                assertTrue(phase.get("changelogBytesPerInvoice").asDouble() > 8, side + " row " + i);
            }
        }
        // The warm-up: 250 customers of one invoice and one of 250, past the invoice keys' limit, in both cases.
        // Spread: every invoice a new customer, so one customer record each and no row of its own.
        JsonNode spread = root.get("storedSpread");
        JsonNode one = root.get("storedOneCustomer");
        assertEquals(251 + 400, spread.get("customers").asLong());
        assertEquals(0, spread.get("heavyHistoryRows").asLong());
        assertEquals(250, spread.get("historyRows").asLong(),
                "the warm-up's customer: its 250 invoice keys; its products and day below their limits");
        assertEquals(spread.get("historyRows").asLong(), one.get("historyRows").asLong()
                - one.get("heavyHistoryRows").asLong(), "the same warm-up rows in both cases");
        // One customer: 400 invoice rows (all keys move at the 129th); its 800 products and two purchase days are
        // below their limits and stay inline (about a byte each: ids given per task in order of first sale).
        assertEquals(251 + 1, one.get("customers").asLong());
        assertTrue(800 < CustomerState.PRODUCT_INLINE_LIMIT && 400 > CustomerState.INVOICE_INLINE_LIMIT);
        assertEquals(400, one.get("heavyHistoryRows").asLong(), "history rows");
        assertTrue(one.get("heavyRecordBytes").asLong() < 2_000, "record bounded past the invoice limit");
        assertTrue(rows.get(1).get("oneCustomer").get("largestChangelogRecord").asLong() < 2_100);
    }
}
