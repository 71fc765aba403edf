package io.segstream.stream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.segstream.avro.CustomerFeatures;
import io.segstream.devstack.EmbeddedStack;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.devstack.FreePorts;
import io.segstream.devstack.KafkaProbe;
import io.segstream.stream.features.FeatureStores;
import io.segstream.stream.testing.PlainBatchCheck;
import io.segstream.stream.testing.Replay;
import io.segstream.stream.testing.TestModels;
import io.segstream.testing.PlainRetailFeatures;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Replays all of Online Retail through a real broker, registry and the stream app with exactly-once, and compares
 * every customer's final features with a plain batch computation over the CSV that shares no code with the core.
 */
@Tag("integration")
class FeatureReplayIT {

    private static EmbeddedStack stack;
    private static Path dataFile;

    @BeforeAll
    static void startStack() {
        dataFile = Replay.onlineRetail();
        stack = EmbeddedStack.start();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void givenWholeOnlineRetailReplay_whenStreamed_thenEveryCustomerMatchesPlainBatch() throws Exception {
        SegstreamConfig config = stack.configure(SegstreamConfig.load(Optional.empty(), Map.of(
                "state.dir", Files.createTempDirectory("segstream-state-").toString(),
                "commit.interval.ms", "200",
                SegstreamConfig.API_PORT, String.valueOf(FreePorts.pick()))));
        stack.createTopics(config.topics().all());
        int invoices = Replay.produceAll(stack, config.topics().invoices().name(), dataFile);

        PlainRetailFeatures expected = PlainRetailFeatures.compute(dataFile);
        Map<String, CustomerFeatures> latest;
        try (StreamApp app = StreamApp.start(config)) {
            app.awaitRunning(Duration.ofSeconds(60));
            long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
            while (app.counters().inputs() < invoices && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertEquals(invoices, app.counters().inputs(), "stream did not see every invoice in time");
            assertEquals(expected.invoicesSeen.size(), invoices);
            assertEquals(0, app.counters().deadLetters());
            assertEquals(expected.customers.size(), storedCustomers(app));
        }
        // Read after close: closing commits the last transaction, so the read_committed end offsets include it.
        latest = Replay.latestFeatures(stack, config.topics().features().name(), expected.customers.size());

        assertEquals(expected.customers.keySet(), latest.keySet());
        PlainBatchCheck.assertMatches(expected, latest);
    }

    @Test
    void givenBrokerStoppedAndStartedMidReplay_whenStreamed_thenEveryCustomerStillMatchesPlainBatch()
            throws Exception {
        SegstreamConfig config = isolatedConfig("bounce", Map.of());
        int invoices = Replay.produceAll(stack, config.topics().invoices().name(), dataFile);

        long stoppedAt;
        try (StreamApp app = StreamApp.start(config)) {
            app.awaitRunning(Duration.ofSeconds(60));
            stoppedAt = awaitInputs(app, invoices / 3);
            stack.kafka().stop();
            Thread.sleep(5_000);
            stack.kafka().startAgain();
            Replay.awaitCommitted(stack, config, config.topics().invoices().name(), Duration.ofMinutes(4));
            assertEquals(0, app.counters().deadLetters());
        }

        System.out.printf("broker stopped for 5 s after %,d of %,d invoices%n", stoppedAt, invoices);
        assertTrue(stoppedAt > 0 && stoppedAt < invoices, "the bounce fell inside the replay: " + stoppedAt);
        assertMatchesPlainBatch(config);
    }

    /**
     * The registry goes away mid-replay and the instance restarts meanwhile, so it has no cached schema at all: it must
     * wait (past its 2 s patience the task stops and its thread is replaced, resuming from the last commit) instead of
     * dead-lettering, and finish exactly once the registry is back 10 s later.
     */
    @Test
    void givenRegistryStoppedMidReplayAndInstanceRestarted_whenStreamed_thenNoDeadLetterAndEveryCustomerMatches()
            throws Exception {
        SegstreamConfig config = isolatedConfig("registry", Map.of(StreamSettings.REGISTRY_PATIENCE, "2s"));
        int invoices = Replay.produceAll(stack, config.topics().invoices().name(), dataFile);
        Replay.publishModel(stack, config.topics().models().name(), TestModels.identity(1, List.of("monetary"),
                new int[] {1, 2}, new String[] {"Low", "High"}, new double[][] {{0.0}, {2000.0}}));

        long stoppedAt;
        try (StreamApp before = StreamApp.start(config)) {
            before.awaitRunning(Duration.ofSeconds(60));
            stoppedAt = awaitInputs(before, invoices / 3);
            stack.registry().stop();
            assertEquals(0, before.counters().deadLetters());
        }
        long down = System.nanoTime();
        try (StreamApp after = StreamApp.start(config)) {
            Thread.sleep(Math.max(0, 10_000 - (System.nanoTime() - down) / 1_000_000));
            long processedWhileDown = after.counters().inputs();
            stack.registry().startAgain();
            Replay.awaitCommitted(stack, config, config.topics().invoices().name(), Duration.ofMinutes(4));

            System.out.printf("registry stopped for 10 s after %,d of %,d invoices; the restarted instance waited"
                            + " %,d times and processed %,d invoices meanwhile%n", stoppedAt, invoices,
                    after.counters().registryRetries(), processedWhileDown);
            assertEquals(0, processedWhileDown, "nothing can be decoded without the schema");
            assertTrue(after.counters().registryRetries() > 0, "the instance saw the outage");
            assertEquals(0, after.counters().deadLetters());
            assertEquals(1, after.scoring().modelVersion(), "the model, read during the outage, is in use");
            assertEquals(0, after.scoring().rejectedModels(), "an outage is not a bad model");
        }
        try (KafkaProbe probe = new KafkaProbe(stack.bootstrapServers())) {
            assertEquals(0, probe.endOffsets(config.topics().deadLetters().name()).values().stream()
                    .mapToLong(Long::longValue).sum(), "no dead letter was ever written");
        }
        assertTrue(stoppedAt > 0 && stoppedAt < invoices, "the outage fell inside the replay: " + stoppedAt);
        assertMatchesPlainBatch(config);
    }

    private static SegstreamConfig isolatedConfig(String suffix, Map<String, String> extra) throws IOException {
        return Replay.isolatedConfig(stack, suffix, extra);
    }

    private static long awaitInputs(StreamApp app, long inputs) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (app.counters().inputs() < inputs && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return app.counters().inputs();
    }

    /** Every customer's final features, read with read_committed, equal the plain batch computation. */
    private static void assertMatchesPlainBatch(SegstreamConfig config) throws IOException {
        PlainRetailFeatures expected = PlainRetailFeatures.compute(dataFile);
        Map<String, CustomerFeatures> latest = Replay.latestFeatures(stack, config.topics().features().name(),
                expected.customers.size());
        System.out.printf("%,d customers compared with the plain batch computation%n", latest.size());
        assertEquals(expected.customers.keySet(), latest.keySet());
        PlainBatchCheck.assertMatches(expected, latest);
    }

    private static long storedCustomers(StreamApp app) {
        ReadOnlyKeyValueStore<String, byte[]> store = app.streams().store(StoreQueryParameters.fromNameAndType(
                FeatureStores.CUSTOMER_STATE, QueryableStoreTypes.keyValueStore()));
        long count = 0;
        try (var it = store.all()) {
            while (it.hasNext()) {
                it.next();
                count++;
            }
        }
        return count;
    }
}
