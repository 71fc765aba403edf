package io.segstream.app.reliability;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.FeatureTransform;
import io.segstream.avro.Segment;
import io.segstream.avro.SegmentChange;
import io.segstream.avro.SegmentModel;
import io.segstream.devstack.EmbeddedStack;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.platform.net.FreePorts;
import io.segstream.platform.serde.AvroSerdeConfig;
import io.segstream.platform.serde.SpecificAvroSerde;
import io.segstream.platform.topics.KafkaProbe;
import io.segstream.stream.app.StreamSettings;
import io.segstream.testing.PlainRetailFeatures;
import io.segstream.testing.TestData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The stream application as its own JVM process ({@code ./segstream stream}), hard-killed (SIGKILL) at five seeded
 * random points of an Online Retail replay and restarted each time on the same state directory, in the manner of
 * Kafka's {@code streams_eos_test.py}. At the end, read with read_committed: every customer's features equal an
 * independent batch computation, and the segment changes equal those of a run without crashes, with no duplicate
 * and none missing. Aging is off so that both runs emit the same records; a fixed model is published first.
 * Static membership is on, as by default; {@code SEGSTREAM_CRASH_STATIC=false} in the environment turns it off to
 * compare the time a restarted instance takes to reach RUNNING.
 */
@Tag("integration")
class CrashRestartIT {

    private static final Path ROOT = TestData.repositoryRoot();
    private static final long SEED = 20_261_201L;
    private static final int KILLS = 5;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static EmbeddedStack stack;
    private static Path work;

    @BeforeAll
    static void start() throws IOException {
        work = Files.createTempDirectory("segstream-crash-");
        stack = EmbeddedStack.start(Path.of("target", "stack-run", "CrashRestartIT"));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void givenFiveHardKillsDuringAReplay_whenRestartedEachTime_thenFeaturesAndChangesEqualAnUninterruptedRun()
            throws Exception {
        SegstreamConfig ref = run("reference");
        SegstreamConfig crash = run("crash");
        stack.createTopics(ref.topics().all());
        stack.createTopics(List.of(crash.topics().features(), crash.topics().changes(), crash.topics().deadLetters()));
        publishModel(ref);
        int produced = produce(ref);
        long invoices = probeEnd(ref);
        assertEquals(produced, invoices);

        // The reference: one process, never killed.
        Process reference = startStream(ref, "reference", FreePorts.pick(), work.resolve("state-reference"));
        awaitCommitted(ref, Duration.ofMinutes(4));
        reference.destroy();
        reference.waitFor(60, TimeUnit.SECONDS);

        // The crash run: same identity (API port) and state directory across restarts, as on a real host.
        int port = FreePorts.pick();
        Path state = work.resolve("state-crash");
        Random random = new Random(SEED);
        List<String> kills = new ArrayList<>();
        List<Long> restartMillis = new ArrayList<>();
        Process process = startStream(crash, "crash-0", port, state);
        awaitRunning(port, process);
        for (int k = 1; k <= KILLS; k++) {
            long delay = 300 + random.nextInt(2_500);
            Thread.sleep(delay);
            long committed = committed(crash);
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            kills.add(String.format("kill %d after %d ms: %,d of %,d invoices committed", k, delay, committed,
                    invoices));
            long t0 = System.nanoTime();
            process = startStream(crash, "crash-" + k, port, state);
            awaitRunning(port, process);
            restartMillis.add((System.nanoTime() - t0) / 1_000_000);
        }
        awaitCommitted(crash, Duration.ofMinutes(4));
        process.destroy();
        process.waitFor(60, TimeUnit.SECONDS);

        PlainRetailFeatures expected = PlainRetailFeatures.compute(TestData.onlineRetail());
        Map<String, CustomerFeatures> features = latest(crash.topics().features().name(), CustomerFeatures.class);
        int mismatches = 0;
        for (var e : expected.customers.entrySet()) {
            CustomerFeatures f = features.get(e.getKey());
            PlainRetailFeatures.Totals t = e.getValue();
            if (f == null || f.getFrequency() != t.invoices.size()
                    || Math.abs(f.getMonetary() - t.monetary.doubleValue()) > 1e-9
                    || f.getUniqueProducts() != t.products.size() || f.getLastPurchase().toEpochMilli() != t.last) {
                mismatches++;
            }
        }
        List<String> changesRef = changes(ref.topics().changes().name());
        List<String> changesCrash = changes(crash.topics().changes().name());
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
        assertEquals(KILLS, kills.size());
        assertEquals(expected.customers.size(), features.size());
        assertEquals(0, mismatches);
        assertTrue(changesRef.size() >= expected.customers.size(), "every customer gets a first assignment");
        assertEquals(0, duplicates);
        assertEquals(List.of(), missing);
        assertEquals(List.of(), extra);
    }

    private static SegstreamConfig run(String name) {
        Map<String, String> settings = new HashMap<>(Map.of(SegstreamConfig.PARTITIONS, "4",
                SegstreamConfig.AGING_CHECKPOINTS, "none"));
        if (!name.equals("reference")) {
            settings.put(SegstreamConfig.TOPIC_PREFIX + "customer-features", "customer-features-" + name);
            settings.put(SegstreamConfig.TOPIC_PREFIX + "segment-changes", "segment-changes-" + name);
            settings.put(SegstreamConfig.TOPIC_PREFIX + "dead-letters", "dead-letters-" + name);
        }
        settings.put(SegstreamConfig.APPLICATION_ID, "segstream-" + name);
        return stack.configure(SegstreamConfig.load(Optional.empty(), settings));
    }

    private Process startStream(SegstreamConfig config, String label, int port, Path state) throws IOException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("segstream").toString(), "stream",
                "-b", stack.bootstrapServers(), "-r", stack.registryUrl(), "--no-create-topics"));
        Map<String, String> settings = new TreeMap<>(Map.of(
                "application.id", config.require(SegstreamConfig.APPLICATION_ID),
                SegstreamConfig.API_PORT, String.valueOf(port),
                SegstreamConfig.METRICS_PORT, "0",
                SegstreamConfig.AGING_CHECKPOINTS, "none",
                "state.dir", state.toString(),
                StreamSettings.STATIC_MEMBERSHIP,
                Optional.ofNullable(System.getenv("SEGSTREAM_CRASH_STATIC")).orElse("true")));
        settings.put(SegstreamConfig.TOPIC_PREFIX + "customer-features", config.topics().features().name());
        settings.put(SegstreamConfig.TOPIC_PREFIX + "segment-changes", config.topics().changes().name());
        settings.put(SegstreamConfig.TOPIC_PREFIX + "dead-letters", config.topics().deadLetters().name());
        settings.forEach((k, v) -> command.addAll(List.of("-D", k + "=" + v)));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve(label + ".out").toFile()))
                .directory(work.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        p.getOutputStream().close();
        return p;
    }

    private static void awaitRunning(int port, Process process) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        URI health = URI.create("http://127.0.0.1:" + port + "/health");
        while (System.nanoTime() < deadline) {
            assertTrue(process.isAlive(), "stream process died; see its output in " + work);
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(1))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"RUNNING\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("stream not RUNNING on port " + port + " within 2 minutes");
    }

    private static long probeEnd(SegstreamConfig config) {
        try (KafkaProbe probe = new KafkaProbe(stack.bootstrapServers())) {
            return probe.endOffsets(config.topics().invoices().name()).values().stream().mapToLong(Long::longValue)
                    .sum();
        }
    }

    private static long committed(SegstreamConfig config) {
        try (KafkaProbe probe = new KafkaProbe(stack.bootstrapServers())) {
            return probe.committed(config.require(SegstreamConfig.APPLICATION_ID), config.topics().invoices().name());
        }
    }

    private static void awaitCommitted(SegstreamConfig config, Duration timeout) throws Exception {
        String group = config.require(SegstreamConfig.APPLICATION_ID);
        try (KafkaProbe probe = new KafkaProbe(stack.bootstrapServers())) {
            var end = probe.endOffsets(config.topics().invoices().name());
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!probe.committedUpTo(group, end)) {
                assertTrue(System.nanoTime() < deadline, group + " did not commit every invoice within " + timeout);
                Thread.sleep(200);
            }
        }
    }

    private static int produce(SegstreamConfig config) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("segstream").toString(), "produce",
                TestData.onlineRetail().toString(), "-b", stack.bootstrapServers(), "-r", stack.registryUrl(),
                "--progress", "0").redirectErrorStream(true)
                .redirectOutput(work.resolve("produce.out").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "produce did not finish");
        String out = Files.readString(work.resolve("produce.out"));
        assertEquals(0, p.exitValue(), out);
        var m = Pattern.compile("invoices\\s+([\\d,]+)").matcher(out);
        assertTrue(m.find(), out);
        return Integer.parseInt(m.group(1).replace(",", ""));
    }

    /** Low spenders around 0, high spenders around 2,000, by monetary alone (identity transform). */
    private static void publishModel(SegstreamConfig config) throws Exception {
        List<Segment> segments = List.of(
                Segment.newBuilder().setId(1).setName("Low").setSize(1).setCentroid(List.of(0.0))
                        .setCentroidOriginal(List.of(0.0)).build(),
                Segment.newBuilder().setId(2).setName("High").setSize(1).setCentroid(List.of(2_000.0))
                        .setCentroidOriginal(List.of(2_000.0)).build());
        SegmentModel model = SegmentModel.newBuilder().setModelName("rfm").setVersion(1).setTrainedAt(Instant.EPOCH)
                .setSnapshotTime(Instant.EPOCH).setCustomerCount(2).setSampleSize(2)
                .setFeatureNames(List.of("monetary"))
                .setTransform(FeatureTransform.newBuilder().setLog1p(List.of(false)).setScaling("standard")
                        .setCenter(List.of(0.0)).setScale(List.of(1.0)).build())
                .setSegments(segments).setChosenK(2).setSilhouette(0.5).setCalinskiHarabasz(1).setDaviesBouldin(1)
                .setInertia(1).build();
        try (var serde = SpecificAvroSerde.create(SegmentModel.class, AvroSerdeConfig.forValues(stack.registryUrl()));
             var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                     stack.bootstrapServers()), new StringSerializer(), serde.serializer())) {
            producer.send(new ProducerRecord<>(config.topics().models().name(), "rfm", model)).get();
        }
    }

    private static <T extends SpecificRecord> List<ConsumerRecord<String, T>> readAll(String topic, Class<T> type) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, T>> out = new ArrayList<>();
        try (var serde = SpecificAvroSerde.create(type, AvroSerdeConfig.forValues(stack.registryUrl()));
             var consumer = new KafkaConsumer<>(props, new StringDeserializer(), serde.deserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertTrue(System.nanoTime() < deadline, "reading " + topic + " timed out");
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static <T extends SpecificRecord> Map<String, T> latest(String topic,
                                                                                           Class<T> type) {
        Map<String, T> latest = new HashMap<>();
        for (var r : readAll(topic, type)) {
            latest.put(r.key(), r.value());
        }
        return latest;
    }

    /** Each change as one comparable line: customer, cause, from, to, model, event time and monetary. */
    private static List<String> changes(String topic) {
        List<String> out = new ArrayList<>();
        for (var r : readAll(topic, SegmentChange.class)) {
            SegmentChange c = r.value();
            out.add(c.getCustomerId() + " " + c.getCause() + " " + c.getFromSegmentId() + "->" + c.getToSegmentId()
                    + " v" + c.getToModelVersion() + " at " + c.getEventTime() + " monetary "
                    + c.getFeatures().getMonetary());
        }
        out.sort(null);
        return out;
    }
}
