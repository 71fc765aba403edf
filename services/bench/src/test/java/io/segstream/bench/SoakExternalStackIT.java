package io.segstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segstream.app.Segstream;
import io.segstream.devstack.EmbeddedStack;
import io.segstream.devstack.KafkaProbe;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code bench soak --external-stack} against a broker and registry that the soak did not start (here a stack of this
 * test, as {@code segstream infra} would be in another process): every invoice sent is on that broker's soak topic
 * and processed, and every sample has a heap and a lag.
 */
@Tag("integration")
class SoakExternalStackIT {

    @Test
    void givenAStackStartedElsewhere_whenTheSoakRunsWithExternalStack_thenItsInvoicesGoThroughThatBroker()
            throws Exception {
        Path dir = Files.createTempDirectory("segstream-bench-soak-");
        try (EmbeddedStack stack = EmbeddedStack.start(dir.resolve("stack"))) {
            Path json = dir.resolve("soak.json");
            StringWriter out = new StringWriter();
            StringWriter log = new StringWriter();
            CommandLine cli = Segstream.commandLine();
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(log));

            int code = cli.execute("bench", "soak", "--external-stack", "--duration", "20s", "--sample", "4s",
                    "--rate", "200", "--customers", "300", "--seed-invoices", "2000", "--refit-every", "10s",
                    "-D", "bootstrap.servers=" + stack.bootstrapServers(),
                    "-D", "schema.registry.url=" + stack.registryUrl(),
                    "--work-dir", dir.resolve("work").toString(), "--out", json.toString());

            System.out.print(log);
            System.out.print(out);
            // A 20-second run may call a trend growing (exit 3); it must not fail (1) or refuse its options (2).
            assertTrue(code == 0 || code == 3, "exit " + code + ": " + out);
            JsonNode root = new ObjectMapper().readTree(json.toFile());
            long sent = root.get("sent").asLong();
            assertTrue(sent > 2_000, sent + " invoices sent");
            assertEquals(sent, root.get("processed").asLong());
            try (KafkaProbe probe = new KafkaProbe(stack.bootstrapServers())) {
                long onBroker = probe.endOffsets("soak-invoices").values().stream().mapToLong(Long::longValue).sum();
                assertEquals(sent, onBroker, "the soak's invoices are on the external broker");
            }
            JsonNode samples = root.get("samples");
            assertTrue(samples.size() >= 4, samples.size() + " samples");
            for (JsonNode sample : samples) {
                assertTrue(sample.get("heapAfterGcBytes").asLong() > 1_000_000, sample.toString());
                assertTrue(sample.get("lag").asLong() >= 0, sample.toString());
            }
        }
    }
}
