package io.segstream.stream.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.segstream.avro.CustomerFeatures;
import io.segstream.devstack.EmbeddedStack;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.platform.net.FreePorts;
import io.segstream.platform.topics.KafkaProbe;
import io.segstream.stream.features.FeatureStores;
import io.segstream.stream.testing.Replay;
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

    private static final long DAY = 86_400_000L;
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
        List<String> mismatches = new ArrayList<>();
        expected.customers.forEach((customer, t) -> compare(customer, t, latest.get(customer), mismatches));
        assertEquals(List.of(), mismatches.subList(0, Math.min(10, mismatches.size())),
                mismatches.size() + " mismatching customers");
    }

    @Test
    void givenBrokerStoppedAndStartedMidReplay_whenStreamed_thenEveryCustomerStillMatchesPlainBatch()
            throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of(
                "state.dir", Files.createTempDirectory("segstream-state-").toString(),
                "commit.interval.ms", "200",
                SegstreamConfig.APPLICATION_ID, "segstream-bounce",
                SegstreamConfig.API_PORT, String.valueOf(FreePorts.pick())));
        for (String topic : List.of("invoices", "invoices-json", "customer-features", "segment-models",
                "segment-changes", "dead-letters")) {
            settings.put(SegstreamConfig.TOPIC_PREFIX + topic, topic + "-bounce");
        }
        SegstreamConfig config = stack.configure(SegstreamConfig.load(Optional.empty(), settings));
        stack.createTopics(config.topics().all());
        int invoices = Replay.produceAll(stack, config.topics().invoices().name(), dataFile);
        PlainRetailFeatures expected = PlainRetailFeatures.compute(dataFile);

        long stoppedAt;
        try (StreamApp app = StreamApp.start(config)) {
            app.awaitRunning(Duration.ofSeconds(60));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (app.counters().inputs() < invoices / 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            stoppedAt = app.counters().inputs();
            stack.kafka().stop();
            Thread.sleep(5_000);
            stack.kafka().startAgain();
            awaitCommitted(config, Duration.ofMinutes(4));
            assertEquals(0, app.counters().deadLetters());
        }
        Map<String, CustomerFeatures> latest = Replay.latestFeatures(stack, config.topics().features().name(),
                expected.customers.size());

        System.out.printf("broker stopped for 5 s after %,d of %,d invoices; %,d customers compared%n", stoppedAt,
                invoices, latest.size());
        assertTrue(stoppedAt > 0 && stoppedAt < invoices, "the bounce fell inside the replay: " + stoppedAt);
        assertEquals(expected.customers.keySet(), latest.keySet());
        List<String> mismatches = new ArrayList<>();
        expected.customers.forEach((customer, t) -> compare(customer, t, latest.get(customer), mismatches));
        assertEquals(List.of(), mismatches.subList(0, Math.min(10, mismatches.size())),
                mismatches.size() + " mismatching customers");
    }

    /** Waits until the application's group has committed every invoice of its input topic. */
    private static void awaitCommitted(SegstreamConfig config, Duration timeout) throws InterruptedException {
        try (KafkaProbe probe = new KafkaProbe(stack.bootstrapServers())) {
            var end = probe.endOffsets(config.topics().invoices().name());
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!probe.committedUpTo(config.require(SegstreamConfig.APPLICATION_ID), end)) {
                assertTrue(System.nanoTime() < deadline, "not every invoice committed within " + timeout);
                Thread.sleep(200);
            }
        }
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

    private static void compare(String customer, PlainRetailFeatures.Totals t, CustomerFeatures f,
                                List<String> mismatches) {
        long asOf = f.getAsOf().toEpochMilli();
        int asOfMonth = PlainRetailFeatures.monthIndex(asOf);
        int freq6m = 0;
        BigDecimal money6m = BigDecimal.ZERO;
        for (var e : t.invoicesByMonth.entrySet()) {
            if (e.getKey() > asOfMonth - 6 && e.getKey() <= asOfMonth) {
                freq6m += e.getValue();
            }
        }
        for (var e : t.moneyByMonth.entrySet()) {
            if (e.getKey() > asOfMonth - 6 && e.getKey() <= asOfMonth) {
                money6m = money6m.add(e.getValue());
            }
        }
        double monetary = t.monetary.doubleValue();
        boolean same = f.getFirstPurchase().toEpochMilli() == t.first
                && f.getLastPurchase().toEpochMilli() == t.last
                && f.getFrequency() == t.invoices.size()
                && Math.abs(f.getMonetary() - monetary) <= 1e-9
                && Math.abs(f.getAvgSpend() - monetary / t.invoices.size()) <= 1e-9
                && f.getUniqueProducts() == t.products.size()
                && f.getLengthDays() == Math.floorDiv(t.last - t.first, DAY)
                && f.getRecencyDays() == Math.floorDiv(asOf + DAY - t.last, DAY)
                && f.getFrequency6m() == freq6m
                && Math.abs(f.getMonetary6m() - money6m.doubleValue()) <= 1e-9;
        if (!same) {
            mismatches.add(customer + ": stream " + f + " vs plain first=" + t.first + " last=" + t.last + " freq="
                    + t.invoices.size() + " monetary=" + monetary + " products=" + t.products.size() + " freq6m="
                    + freq6m + " money6m=" + money6m);
        }
    }
}
