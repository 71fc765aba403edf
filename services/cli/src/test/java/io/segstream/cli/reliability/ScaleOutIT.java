package io.segstream.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segstream.avro.CustomerFeatures;
import io.segstream.devstack.EmbeddedStack;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.devstack.FreePorts;
import io.segstream.devstack.KafkaProbe;
import io.segstream.testing.PlainRetailFeatures;
import io.segstream.testing.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scale-out on a three-broker cluster (three replicas, {@code min.insync.replicas=2}) with six partitions, each
 * stream instance its own JVM process ({@code ./segstream stream}):
 * <ol>
 *   <li><b>live</b>: three instances with one standby replica each while {@code segstream produce --speed} replays
 *   Online Retail; a quarter of the way into the replay a broker is stopped and started again, half way one instance
 *   is SIGKILLed and restarted, both while invoices still arrive. Then every instance's query API answers every
 *   customer, with the batch totals. Then failover: one instance is SIGKILLed and left down, and the time until the
 *   survivors have processed an invoice on every partition is measured, with what they restored; then it comes
 *   back.</li>
 *   <li><b>single</b>: one instance processes the whole topic (throughput of one instance).</li>
 *   <li><b>backlog</b>: three instances without standbys process the whole topic (throughput of three), then the
 *   same failover.</li>
 * </ol>
 * Features of every run equal the batch computation and the segment changes of the three runs are equal: nothing
 * lost or duplicated by the kills, the broker bounce or the rebalances. Aging is off and a fixed model is published
 * first, so that every run emits the same records; the probe invoices of the failovers are left out of the
 * comparison.
 */
@Tag("integration")
class ScaleOutIT {

    private static final int PARTITIONS = 6;
    private static final int INSTANCES = 3;
    /** Event seconds per wall second: Online Retail's year in about 35 s. */
    private static final String SPEED = "900000";
    /** How long a killed instance keeps its tasks before the group notices (its session). */
    private static final int SESSION_MS = 6_000;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long START = System.nanoTime();
    /** Query answers 503 (a task migrating) and asked again. */
    private static final AtomicInteger RETRIED = new AtomicInteger();
    private static EmbeddedStack stack;
    private static ReplayHarness harness;

    @BeforeAll
    static void start() throws IOException {
        stack = EmbeddedStack.start(Path.of("target", "stack-run", "ScaleOutIT"), 3);
        harness = new ReplayHarness(stack, Files.createTempDirectory("segstream-scale-"));
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

    /** One {@code segstream stream} process of a run, restartable under the same identity. */
    private static final class Instance {
        final SegstreamConfig config;
        final String name;
        final int port = FreePorts.pick();
        final Path state;
        Process process;
        String label;
        int starts;

        Instance(SegstreamConfig config, String name) {
            this.config = config;
            this.name = name;
            this.state = harness.work().resolve("state-" + name);
        }

        void start() throws IOException {
            label = name + "-" + starts++;
            process = harness.startStream(config, label, port, state,
                    Map.of("session.timeout.ms", String.valueOf(SESSION_MS), "commit.interval.ms", "100",
                            "segstream.api.open", "true"));
        }
    }

    private static List<Instance> startAll(SegstreamConfig config, String run, int count) throws Exception {
        List<Instance> instances = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Instance instance = new Instance(config, run + i);
            instance.start();
            instances.add(instance);
        }
        for (Instance instance : instances) {
            harness.awaitRunning(instance.port, instance.process);
        }
        return instances;
    }

    private static void stopAll(List<Instance> instances) throws InterruptedException {
        for (Instance instance : instances) {
            ReplayHarness.stop(instance.process);
        }
    }

    @Test
    void givenThreeInstancesOnThreeBrokers_whenAnInstanceIsKilledAndABrokerBounced_thenOutputsEqualASingleInstance()
            throws Exception {
        Map<String, String> common = Map.of(SegstreamConfig.PARTITIONS, String.valueOf(PARTITIONS));
        SegstreamConfig live = harness.run("live", with(common, SegstreamConfig.STANDBY_REPLICAS, "1"));
        SegstreamConfig single = harness.run("single", common);
        SegstreamConfig backlog = harness.run("backlog", with(common, SegstreamConfig.STANDBY_REPLICAS, "0"));
        for (SegstreamConfig run : List.of(live, single, backlog)) {
            harness.createTopics(run);
        }
        harness.publishModel(live);

        // live: three instances while the replay runs, with a kill and a broker bounce in the middle.
        report("three brokers, registry and topics ready");
        List<Instance> instances = startAll(live, "live", INSTANCES);
        report("live: three instances RUNNING");
        Process produce = harness.startProduce("--speed", SPEED);
        long expectedInvoices = ReplayHarness.invoicesInFile();
        // A broker bounce once a quarter of the invoices are in the topic, an instance killed once half are: both
        // while the paced replay still produces (it takes about 35 s), whatever the stream's own pace.
        awaitProducedAtLeast(live, expectedInvoices / 4, produce);
        long stoppedAt = harness.committed(live);
        long t0 = System.nanoTime();
        stack.kafka().stopBroker(2);
        long stopMillis = millisSince(t0);
        Thread.sleep(3_000);
        t0 = System.nanoTime();
        stack.kafka().startBroker(2);
        report(String.format("live: broker 2 stopped at %,d of %,d invoices committed (shutdown %d ms), down 3 s,"
                + " rejoined in %d ms", stoppedAt, expectedInvoices, stopMillis, millisSince(t0)));
        awaitProducedAtLeast(live, expectedInvoices / 2, produce);
        Instance victim = instances.get(1);
        long killedAt = harness.committed(live);
        boolean replaying = produce.isAlive();
        ReplayHarness.kill(victim.process);
        t0 = System.nanoTime();
        victim.start();
        harness.awaitRunning(victim.port, victim.process);
        report(String.format("live: SIGKILL of %s at %,d of %,d invoices committed (replay %s), back RUNNING in "
                + "%,d ms", victim.name, killedAt, expectedInvoices, replaying ? "still producing" : "produced",
                millisSince(t0)));
        assertTrue(replaying, "the kill must come while the replay still produces");
        int produced = harness.awaitProduced(produce);
        harness.awaitCommitted(live, Duration.ofMinutes(4));
        long invoices = harness.invoicesEnd(live);
        assertEquals(produced, invoices);

        PlainRetailFeatures expected = PlainRetailFeatures.compute(TestData.onlineRetail());
        long q0 = System.nanoTime();
        int owners = assertEveryInstanceAnswersEveryCustomer(instances, expected);
        report(String.format("live: each of %d instances answered all %,d customers (%d owning active tasks) in "
                + "%,d ms, %d answers 503 and retried", INSTANCES, expected.customers.size(), owners, millisSince(q0),
                RETRIED.get()));
        report("live with standbys: " + failover(live, instances, "live"));
        stopAll(instances);

        // single: one instance, the whole topic.
        List<Instance> one = startAll(single, "single", 1);
        report("single: " + throughput(single));
        stopAll(one);

        // backlog: three instances without standbys, the whole topic, then the same failover.
        List<Instance> three = startAll(backlog, "backlog", INSTANCES);
        report("backlog: " + throughput(backlog));
        report("backlog without standbys: " + failover(backlog, three, "backlog"));
        stopAll(three);

        List<String> reference = comparable(harness.changes(single));
        Map<String, Integer> mismatches = new HashMap<>();
        Map<String, Integer> featureCounts = new HashMap<>();
        Map<String, List<String>> changes = new HashMap<>();
        for (SegstreamConfig run : List.of(live, single, backlog)) {
            String name = run.require(SegstreamConfig.APPLICATION_ID);
            Map<String, CustomerFeatures> features = harness.features(run);
            mismatches.put(name, harness.mismatches(expected, features));
            featureCounts.put(name, (int) features.keySet().stream().filter(c -> !isProbe(c)).count());
            changes.put(name, comparable(harness.changes(run)));
        }
        System.out.printf("invoices %,d (+ probes), customers %,d; features per run %s, mismatches %s; changes per "
                + "run %s%n", produced, expected.customers.size(), featureCounts, mismatches,
                changes.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().size()).toList());

        for (SegstreamConfig run : List.of(live, single, backlog)) {
            String name = run.require(SegstreamConfig.APPLICATION_ID);
            assertEquals(expected.customers.size(), featureCounts.get(name), name);
            assertEquals(0, mismatches.get(name), name);
            assertEquals(reference, changes.get(name), name + ": segment changes differ from the single instance's");
        }
        assertTrue(reference.size() >= expected.customers.size(), "every customer gets a first assignment");
        assertEquals(reference.size(), new HashSet<>(reference).size(), "no duplicated change");
    }

    /**
     * SIGKILLs the last instance and leaves it down; measures the time until the survivors have committed a probe
     * invoice on every partition (the session timeout, the rebalance and any restore) and what they restored; then
     * restarts it and measures the time until it is RUNNING and what it restored.
     */
    private static String failover(SegstreamConfig config, List<Instance> instances, String run) throws Exception {
        Instance victim = instances.getLast();
        List<Instance> survivors = instances.subList(0, instances.size() - 1);
        double restoredBefore = restored(survivors);
        ReplayHarness.kill(victim.process);
        long t0 = System.nanoTime();
        harness.probe(config, "probe-" + run, PARTITIONS);
        harness.awaitCommitted(config, Duration.ofMinutes(2));
        long takeover = millisSince(t0);
        double restoredBySurvivors = restored(survivors) - restoredBefore;
        t0 = System.nanoTime();
        victim.start();
        harness.awaitRunning(victim.port, victim.process);
        long restart = millisSince(t0);
        for (Instance instance : instances) {
            harness.awaitRunning(instance.port, instance.process);
        }
        return String.format("SIGKILL of %s: every partition processing again after %,d ms (session timeout %,d ms); "
                        + "survivors restored %,.0f changelog records; restarted instance RUNNING after %,d ms, "
                        + "restored %,.0f records", victim.name, takeover, SESSION_MS, restoredBySurvivors, restart, harness.metric(victim.label, "segstream_state_restored_records_total"));
    }

    private static double restored(List<Instance> instances) throws Exception {
        double sum = 0;
        for (Instance instance : instances) {
            sum += harness.metric(instance.label, "segstream_state_restored_records_total");
        }
        return sum;
    }

    /**
     * Invoices per second while the group committed from 20 % to 80 % of the topic (sampled every 50 ms), and the
     * wall time from the instances RUNNING to all committed.
     */
    private static String throughput(SegstreamConfig config) throws Exception {
        long total = harness.invoicesEnd(config);
        long t0 = System.nanoTime();
        long from = 0;
        long to = 0;
        long fromCount = 0;
        long toCount = 0;
        while (true) {
            long committed = harness.committed(config);
            long now = System.nanoTime();
            if (from == 0 && committed >= total / 5) {
                from = now;
                fromCount = committed;
            }
            if (to == 0 && committed >= total * 4 / 5) {
                to = now;
                toCount = committed;
            }
            if (committed >= total) {
                break;
            }
            assertTrue(now - t0 < Duration.ofMinutes(4).toNanos(), "did not commit every invoice in 4 minutes");
            Thread.sleep(50);
        }
        harness.awaitCommitted(config, Duration.ofMinutes(1));
        double rate = to > from ? (toCount - fromCount) / ((to - from) / 1e9) : Double.NaN;
        return String.format("%,d invoices in %,d ms after RUNNING, %,.0f invoices/s from 20 %% to 80 %%", total,
                millisSince(t0), rate);
    }

    private static void awaitProducedAtLeast(SegstreamConfig config, long invoices, Process produce)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        try (KafkaProbe probe = new KafkaProbe(stack.bootstrapServers())) {
            while (ReplayHarness.invoicesEnd(probe, config) < invoices) {
                assertTrue(System.nanoTime() < deadline, "fewer than " + invoices + " invoices produced in 4 minutes");
                assertTrue(produce.isAlive() || produce.exitValue() == 0, "produce failed");
                Thread.sleep(50);
            }
        }
    }

    /**
     * Asks each instance for every customer (six requests at a time): the same answer from all, with the batch
     * totals; returns how many instances own active tasks.
     */
    private static int assertEveryInstanceAnswersEveryCustomer(List<Instance> instances, PlainRetailFeatures expected)
            throws Exception {
        Set<String> servedBy = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> checks = new ArrayList<>();
            for (var entry : expected.customers.entrySet()) {
                checks.add(pool.submit(() -> {
                    JsonNode first = null;
                    for (Instance instance : instances) {
                        JsonNode answer = customer(instance.port, entry.getKey());
                        if (first == null) {
                            first = answer;
                        } else {
                            assertEquals(first, answer, "customer " + entry.getKey() + " via " + instance.name);
                        }
                    }
                    JsonNode f = first.get("features");
                    PlainRetailFeatures.Totals t = entry.getValue();
                    assertEquals(t.invoices.size(), f.get("frequency").asInt(), entry.getKey());
                    assertEquals(t.monetary.doubleValue(), f.get("monetary").asDouble(), 1e-9, entry.getKey());
                    servedBy.add(first.get("servedBy").asText());
                    return null;
                }));
            }
            for (Future<?> check : checks) {
                try {
                    check.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof AssertionError failure) {
                        throw failure;
                    }
                    throw e;
                }
            }
            assertEquals(expected.customers.size(), checks.size());
        } finally {
            pool.shutdownNow();
        }
        // A restarted instance may hold only standbys and warm-up tasks until it has caught up (Kafka Streams' high
        // availability assignor), so two or three instances own the active tasks.
        assertTrue(servedBy.size() >= 2, "owners: " + servedBy);
        return servedBy.size();
    }

    /**
     * A customer's answer from one instance. 503 means "retry": a task migrating (the restarted instance's warm-up
     * tasks move to it when caught up) refuses reads for a moment; it is retried for up to 30 s and counted.
     */
    private static JsonNode customer(int port, String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/customers/" + id)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 503 && System.nanoTime() < deadline) {
                RETRIED.incrementAndGet();
                Thread.sleep(100);
                continue;
            }
            assertEquals(200, response.statusCode(), id + " via " + port + ": " + response.body());
            return JSON.readTree(response.body());
        }
    }

    private static List<String> comparable(List<String> changes) {
        return changes.stream().filter(line -> !isProbe(line)).toList();
    }

    private static boolean isProbe(String customerOrLine) {
        return customerOrLine.startsWith("probe-");
    }

    /** One line of the test's figures, printed as it happens with the time since the test class started. */
    private static void report(String line) {
        System.out.printf("ScaleOutIT %,d ms: %s%n", millisSince(START), line);
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> copy = new HashMap<>(base);
        copy.put(key, value);
        return copy;
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
