package io.segstream.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

import io.segstream.avro.ChangeCause;
import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.SegmentChange;
import io.segstream.avro.SegmentModel;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.devstack.FreePorts;
import io.segstream.platform.registry.RegistryClientOptions;
import io.segstream.platform.registry.SchemaRegistryClient;
import io.segstream.platform.serde.AvroSerdeConfig;
import io.segstream.platform.serde.SpecificAvroSerde;
import io.segstream.testing.TestData;
import io.segstream.trainer.publish.PublishedModels;
import io.segstream.trainer.schedule.Schedule;
import io.segstream.trainer.training.TrainingOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The whole system on the embedded broker and registry: Online Retail replayed at speed while the trainer publishes
 * models; a plain consumer of segment-changes rebuilds every customer's final segment, which must equal scoring the
 * final features with the final model, with no duplicate or inconsistent change event.
 */
@Tag("integration")
class EndToEndIT {

    @Test
    void givenReplayWithRefits_whenChangesRebuilt_thenEveryCustomerMatchesFinalModelScoring() throws Exception {
        Path work = Files.createTempDirectory("segstream-e2e-");
        SegstreamConfig base = SegstreamConfig.load(Optional.empty(), Map.of(
                SegstreamConfig.API_PORT, String.valueOf(FreePorts.pick()),
                SegstreamConfig.METRICS_PORT, "0",
                "commit.interval.ms", "200"));
        var options = new DemoPipeline.Options(Path.of(TestData.dataDir().toString(),
                "online-retail", "online_retail.csv.gz"), 2_000_000, new Schedule(Duration.ofSeconds(4), 1_500, Duration.ofDays(30)),
                TrainingOptions.defaults().withNInit(3));
        try (DemoPipeline demo = DemoPipeline.start(work, base, options)) {
            SegstreamConfig config = demo.config();
            var replayed = demo.replay().get(5, TimeUnit.MINUTES);
            assertEquals(25_900, replayed.invoices());
            awaitTrue(() -> demo.stream().counters().inputs() == 25_900, Duration.ofMinutes(3));
            demo.stopTrainer();
            assertTrue(demo.trainingCycle().stats().published() >= 2,
                    "models published during the replay: " + demo.trainingCycle().stats().published());
            long finalVersion = latestModel(config).getVersion();
            long version = finalVersion;
            awaitTrue(() -> demo.stream().scoring().modelVersion() == version, Duration.ofMinutes(1));
            awaitQuiet(demo);
            demo.stopStream();
            verify(config, finalVersion);
        }
    }

    private static void verify(SegstreamConfig config, long finalVersion) throws Exception {
        SegmentModel model = latestModel(config);
        assertEquals(finalVersion, model.getVersion());
        Map<String, CustomerFeatures> features = latestFeatures(config);
        Map<String, List<SegmentChange>> changes = changesByCustomer(config);

        assertEquals(4_372, features.size());
        assertEquals(features.keySet(), changes.keySet());
        List<String> problems = new ArrayList<>();
        changes.forEach((customer, events) -> checkChain(customer, events, problems));
        features.forEach((customer, f) -> {
            int expected = nearestSegment(model, f);
            SegmentChange last = changes.get(customer).getLast();
            if (last.getToSegmentId() != expected) {
                problems.add(customer + ": rebuilt segment " + last.getToSegmentId() + " but final model says "
                        + expected);
            }
        });
        assertEquals(List.of(), problems.subList(0, Math.min(10, problems.size())), problems.size() + " problems");
        assertWireFormat(config);
    }

    /**
     * The segment a model assigns, computed here from the model's published fields alone, as a downstream consumer
     * would: the documented transform (log1p after clipping at 0, then centre and scale), then the centroid at the
     * least squared Euclidean distance. Shares no code with the stream's scorer.
     */
    static int nearestSegment(SegmentModel model, CustomerFeatures f) {
        List<String> names = model.getFeatureNames();
        var transform = model.getTransform();
        double[] x = new double[names.size()];
        for (int j = 0; j < x.length; j++) {
            double raw = switch (names.get(j)) {
                case "recency" -> f.getRecencyDays();
                case "frequency" -> f.getFrequency();
                case "monetary" -> f.getMonetary();
                case "length" -> f.getLengthDays();
                case "unique_products" -> f.getUniqueProducts();
                case "avg_spend" -> f.getAvgSpend();
                case "frequency_6m" -> f.getFrequency6m();
                case "monetary_6m" -> f.getMonetary6m();
                default -> throw new AssertionError("feature " + names.get(j));
            };
            double v = transform.getLog1p().get(j) ? Math.log1p(Math.max(raw, 0)) : raw;
            x[j] = (v - transform.getCenter().get(j)) / transform.getScale().get(j);
        }
        int best = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (var segment : model.getSegments()) {
            double d = 0;
            for (int j = 0; j < x.length; j++) {
                double diff = x[j] - segment.getCentroid().get(j);
                d += diff * diff;
            }
            if (d < bestDistance) {
                bestDistance = d;
                best = segment.getId();
            }
        }
        return best;
    }

    /** Consecutive changes of a customer must link up: no duplicate, no change to the same segment. */
    private static void checkChain(String customer, List<SegmentChange> events, List<String> problems) {
        SegmentChange first = events.getFirst();
        if (first.getCause() != ChangeCause.FIRST_ASSIGNMENT || first.getFromSegmentId() != null) {
            problems.add(customer + ": first event is " + first.getCause());
        }
        for (int i = 1; i < events.size(); i++) {
            SegmentChange previous = events.get(i - 1);
            SegmentChange next = events.get(i);
            if (next.getFromSegmentId() == null || !next.getFromSegmentId().equals(previous.getToSegmentId())
                    || next.getToSegmentId() == next.getFromSegmentId()
                    || next.getCause() == ChangeCause.FIRST_ASSIGNMENT) {
                problems.add(customer + ": event " + i + " " + next.getFromSegmentId() + "->" + next.getToSegmentId()
                        + " (" + next.getCause() + ") after ->" + previous.getToSegmentId());
            }
        }
    }

    private static void assertWireFormat(SegstreamConfig config) throws Exception {
        byte[] value = firstRawChange(config);
        assertEquals(0, value[0]);
        int id = ByteBuffer.wrap(value, 1, 4).getInt();
        try (var registry = SchemaRegistryClient.create(RegistryClientOptions.of(
                config.require(SegstreamConfig.REGISTRY_URL)))) {
            assertEquals(SegmentChange.getClassSchema(), registry.schemaById(id));
        }
    }

    private static SegmentModel latestModel(SegstreamConfig config) {
        var serde = SpecificAvroSerde.create(SegmentModel.class, serdeConfig(config));
        return PublishedModels.latest(config.kafkaProperties(), config.topics().models().name(),
                config.require(SegstreamConfig.MODEL_NAME), serde.deserializer(), Duration.ofSeconds(30)).orElseThrow();
    }

    private static Map<String, CustomerFeatures> latestFeatures(SegstreamConfig config) {
        Map<String, CustomerFeatures> latest = new HashMap<>();
        var serde = SpecificAvroSerde.create(CustomerFeatures.class, serdeConfig(config));
        readAll(config, config.topics().features().name(), serde.deserializer(), latest::put);
        return latest;
    }

    private static Map<String, List<SegmentChange>> changesByCustomer(SegstreamConfig config) {
        Map<String, List<SegmentChange>> byCustomer = new LinkedHashMap<>();
        var serde = SpecificAvroSerde.create(SegmentChange.class, serdeConfig(config));
        readAll(config, config.topics().changes().name(), serde.deserializer(),
                (key, change) -> byCustomer.computeIfAbsent(key, k -> new ArrayList<>()).add(change));
        return byCustomer;
    }

    private static byte[] firstRawChange(SegstreamConfig config) {
        List<byte[]> values = new ArrayList<>();
        readAll(config, config.topics().changes().name(), new ByteArrayDeserializer(), (k, v) -> {
            if (values.isEmpty()) {
                values.add(v);
            }
        });
        return values.getFirst();
    }

    private static <V> void readAll(SegstreamConfig config, String topic,
                                    Deserializer<V> values,
                                    BiConsumer<String, V> sink) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.require(SegstreamConfig.BOOTSTRAP_SERVERS));
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> sink.accept(r.key(), r.value()));
            }
        }
    }

    private static AvroSerdeConfig serdeConfig(SegstreamConfig config) {
        return AvroSerdeConfig.forValues(config.require(SegstreamConfig.REGISTRY_URL));
    }

    /** Waits until the stream has emitted no change for two seconds (re-scoring finished). */
    private static void awaitQuiet(DemoPipeline demo) throws InterruptedException {
        long last = -1;
        long stableSince = System.nanoTime();
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            long now = demo.stream().scoring().changes();
            if (now != last) {
                last = now;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > Duration.ofSeconds(2).toNanos()) {
                return;
            }
            Thread.sleep(100);
        }
    }

    private static void awaitTrue(BooleanSupplier condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within " + timeout);
            Thread.sleep(100);
        }
    }
}
