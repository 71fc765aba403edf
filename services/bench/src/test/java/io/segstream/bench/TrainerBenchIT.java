package io.segstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segstream.app.Segstream;
import io.segstream.devstack.EmbeddedStack;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code bench trainer} through the command line on a real broker and registry: with its own embedded stack, 2,000
 * customers sampled down to 500, published, every JSON field present; then twice against a running stack
 * ({@code --bootstrap-servers}), where the second run reuses the topic the first wrote and the model continues.
 */
@Tag("integration")
class TrainerBenchIT {

    @Test
    void givenTwoThousandCustomersAndASampleOf500_whenBenchTrainerRunsTwice_thenPublishedAndTheTopicReused()
            throws Exception {
        Path dir = Files.createTempDirectory("segstream-bench-trainer-");

        JsonNode first = run(dir.resolve("first.json"), "--work-dir", dir.resolve("work").toString());
        JsonNode second;
        JsonNode third;
        try (EmbeddedStack stack = EmbeddedStack.start(dir.resolve("stack"))) {
            String[] external = {"--bootstrap-servers", stack.bootstrapServers(), "-D",
                "schema.registry.url=" + stack.registryUrl(), "-D", "replication.factor=1", "-D",
                "topic.min.insync.replicas=1"};
            second = run(dir.resolve("second.json"), external);
            third = run(dir.resolve("third.json"), external);
        }

        assertEquals(2_000, first.get("customers").asLong());
        assertTrue(first.get("published").asBoolean(), first.toString());
        assertTrue(first.get("produced").asBoolean());
        assertEquals(500, first.get("sampled_customers").asInt());
        assertEquals(2_000, first.get("records_read").asLong());
        assertEquals(2_000, first.get("estimated_customers").asDouble(), 2_000 * 0.15);
        long peak = first.get("heap_peak_bytes").asLong();
        assertTrue(peak > 1 << 20 && peak < first.get("heap_max_bytes").asLong(), "heap peak " + peak);
        assertTrue(first.get("seconds").asDouble() > 0);
        for (String phase : List.of("read_seconds", "sample_seconds", "fit_seconds", "publish_seconds")) {
            assertTrue(first.get("phases").get(phase).asDouble() >= 0, phase);
        }
        assertTrue(first.get("phases").get("fit_seconds").asDouble() > 0);
        assertEquals(1, first.get("model").get("version").asLong());
        assertTrue(first.get("model").get("fitted_customers").asInt() <= 500);
        assertEquals("500", first.get("settings").get("segstream.trainer.sample-above").asText());

        assertTrue(second.get("produced").asBoolean());
        assertEquals(1, second.get("model").get("version").asLong());
        assertEquals(first.get("model").get("chosen_k"), second.get("model").get("chosen_k"),
                "the same customers and seed give the same sample and the same k");
        assertFalse(third.get("produced").asBoolean(), "the third run reuses the topic");
        assertEquals(2_000, third.get("records_read").asLong());
        assertTrue(third.get("published").asBoolean());
        assertEquals(2, third.get("model").get("version").asLong(), "the model in force is continued");
    }

    private static JsonNode run(Path json, String... target) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter log = new StringWriter();
        CommandLine cli = Segstream.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(log));

        List<String> args = new ArrayList<>(List.of("bench", "trainer", "--customers", "2000", "-D",
                "segstream.trainer.sample-above=500", "-D", "segstream.trainer.n-init=2", "--out", json.toString()));
        args.addAll(List.of(target));

        int code = cli.execute(args.toArray(String[]::new));

        System.out.print(log);
        System.out.print(out);
        assertEquals(0, code, log.toString());
        assertTrue(out.toString().contains("heap peak"), out.toString());
        return new ObjectMapper().readTree(json.toFile());
    }
}
