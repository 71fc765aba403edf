package io.segstream.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import io.segstream.avro.CustomerFeatures;
import io.segstream.devstack.EmbeddedStack;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.devstack.FreePorts;
import io.segstream.stream.runtime.StreamSettings;
import io.segstream.testing.PlainRetailFeatures;
import io.segstream.testing.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The stream application as its own JVM process ({@code ./segstream stream}), hard-killed (SIGKILL) at five seeded
 * random points of an Online Retail replay and restarted each time on the same state directory, in the manner of
 * Kafka's {@code streams_eos_test.py}. At the end, read with read_committed: every customer's features equal an
 * independent batch computation, and the segment changes equal those of a run without crashes, with no duplicate
 * and none missing. 600 hostile records sent among the invoices by a plain producer are each one dead letter in both
 * runs: the safety nets hold across hard kills. Aging is off so that both runs emit the same records; a fixed model is published first.
 * Static membership is on, as by default; {@code SEGSTREAM_CRASH_STATIC=false} in the environment turns it off to
 * compare the time a restarted instance takes to reach RUNNING.
 */
@Tag("integration")
class CrashRestartIT {

    private static final long SEED = 20_261_201L;
    private static final int KILLS = 5;
    private static EmbeddedStack stack;
    private static ReplayHarness harness;

    @BeforeAll
    static void start() throws IOException {
        stack = EmbeddedStack.start(Path.of("target", "stack-run", "CrashRestartIT"));
        harness = new ReplayHarness(stack, Files.createTempDirectory("segstream-crash-"));
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void givenFiveHardKillsDuringAReplay_whenRestartedEachTime_thenFeaturesAndChangesEqualAnUninterruptedRun()
            throws Exception {
        SegstreamConfig ref = harness.run("reference", Map.of());
        SegstreamConfig crash = harness.run("crash", Map.of());
        harness.createTopics(ref);
        harness.createTopics(crash);
        harness.publishModel(ref);
        int produced = harness.awaitProduced(harness.startProduce());
        long invoices = harness.invoicesEnd(ref);
        assertEquals(produced, invoices);
        // Hostile records among them, sent by a plain producer: the kills must neither lose nor repeat a dead letter.
        int hostile = harness.produceHostile(ref, 100, SEED);
        Map<String, String> membership = Map.of(StreamSettings.STATIC_MEMBERSHIP,
                Optional.ofNullable(System.getenv("SEGSTREAM_CRASH_STATIC")).orElse("true"));

        // The reference: one process, never killed.
        Process reference = harness.startStream(ref, "reference", FreePorts.pick(),
                harness.work().resolve("state-reference"), membership);
        harness.awaitCommitted(ref, Duration.ofMinutes(4));
        ReplayHarness.stop(reference);

        // The crash run: same identity (API port) and state directory across restarts, as on a real host.
        int port = FreePorts.pick();
        Path state = harness.work().resolve("state-crash");
        Random random = new Random(SEED);
        List<String> kills = new ArrayList<>();
        List<Long> restartMillis = new ArrayList<>();
        Process process = harness.startStream(crash, "crash-0", port, state, membership);
        harness.awaitRunning(port, process);
        for (int k = 1; k <= KILLS; k++) {
            long delay = 300 + random.nextInt(2_500);
            Thread.sleep(delay);
            long committed = harness.committed(crash);
            ReplayHarness.kill(process);
            kills.add(String.format("kill %d after %d ms: %,d of %,d invoices committed", k, delay, committed,
                    invoices));
            long t0 = System.nanoTime();
            process = harness.startStream(crash, "crash-" + k, port, state, membership);
            harness.awaitRunning(port, process);
            restartMillis.add((System.nanoTime() - t0) / 1_000_000);
        }
        harness.awaitCommitted(crash, Duration.ofMinutes(4));
        ReplayHarness.stop(process);

        PlainRetailFeatures expected = PlainRetailFeatures.compute(TestData.onlineRetail());
        Map<String, CustomerFeatures> features = harness.features(crash);
        int mismatches = harness.mismatches(expected, features);
        List<String> lettersRef = harness.deadLetters(ref);
        List<String> lettersCrash = harness.deadLetters(crash);
        List<String> changesRef = harness.changes(ref);
        List<String> changesCrash = harness.changes(crash);
        long duplicates = changesCrash.size() - changesCrash.stream().distinct().count();
        List<String> missing = new ArrayList<>(changesRef);
        changesCrash.forEach(missing::remove);
        List<String> extra = new ArrayList<>(changesCrash);
        changesRef.forEach(extra::remove);

        kills.forEach(System.out::println);
        System.out.printf("restart to RUNNING (ms): %s%n", restartMillis);
        System.out.printf("invoices in %,d; customers expected %,d, with features %,d, mismatches %d; changes "
                        + "reference %,d, crash run %,d, duplicated %d, missing %d, extra %d%n", invoices,
                expected.customers.size(), features.size(), mismatches, changesRef.size(), changesCrash.size(),
                duplicates, missing.size(), extra.size());
        System.out.printf("dead letters: reference %,d, crash run %,d, distinct %,d%n", lettersRef.size(),
                lettersCrash.size(), lettersCrash.stream().distinct().count());
        assertEquals(hostile, lettersRef.size(), "every hostile record is a dead letter");
        assertEquals(lettersRef, lettersCrash, "the same dead letters, none repeated or lost by the kills");
        assertEquals(KILLS, kills.size());
        assertEquals(expected.customers.size(), features.size());
        assertEquals(0, mismatches);
        assertTrue(changesRef.size() >= expected.customers.size(), "every customer gets a first assignment");
        assertEquals(0, duplicates);
        assertEquals(List.of(), missing);
        assertEquals(List.of(), extra);
    }
}
