package io.segstream.stream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import io.segstream.avro.ChangeCause;
import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.ErasureRequest;
import io.segstream.avro.SegmentChange;
import io.segstream.devstack.EmbeddedStack;
import io.segstream.platform.config.KafkaClients;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.devstack.FreePorts;
import io.segstream.platform.serde.AvroSerdeConfig;
import io.segstream.platform.serde.SpecificAvroSerde;
import io.segstream.stream.features.FeatureStores;
import io.segstream.stream.testing.PlainBatchCheck;
import io.segstream.stream.testing.Replay;
import io.segstream.testing.PlainRetailFeatures;
import io.segstream.trainer.cycle.CycleResult;
import io.segstream.trainer.cycle.TrainingCycle;
import io.segstream.trainer.training.TrainingOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * 100 customers erased in the middle of the whole Online Retail replay, on a real broker and registry with
 * exactly-once. Afterwards each of them is gone from every place segstream keeps it: the latest features record is a
 * tombstone, both store changelogs end in tombstones, the query API answers 404, the last change says ERASED, and a
 * model trained afterwards leaves them out. Every other customer still equals the plain batch computation.
 */
@Tag("integration")
class ErasureIT {

    private static final int ERASED = 100;
    private static final Instant STAMP = Instant.parse("2011-01-01T00:00:00Z");
    private static EmbeddedStack stack;

    @BeforeAll
    static void startStack() {
        stack = EmbeddedStack.start();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void givenHundredErasuresMidReplay_whenDone_thenTheyAreGoneEverywhereAndEveryoneElseIsExact() throws Exception {
        Path data = Replay.onlineRetail();
        SegstreamConfig config = stack.configure(SegstreamConfig.load(Optional.empty(), Map.of(
                "state.dir", Files.createTempDirectory("segstream-state-").toString(),
                "commit.interval.ms", "200",
                "segstream.api.open", "true",
                SegstreamConfig.APPLICATION_ID, "segstream-erasure",
                SegstreamConfig.API_PORT, String.valueOf(FreePorts.pick()))));
        stack.createTopics(config.topics().all());
        int invoices = Replay.produceAll(stack, config.topics().invoices().name(), data);
        PlainRetailFeatures expected = PlainRetailFeatures.compute(data);
        // Every 40th customer by id: spread over the partitions and over the file's time span.
        List<String> erased = new ArrayList<>();
        int i = 0;
        for (String customer : new TreeSet<>(expected.customers.keySet())) {
            if (i++ % 40 == 0 && erased.size() < ERASED) {
                erased.add(customer);
            }
        }
        Replay.publishModel(stack, config.topics().models().name(), io.segstream.stream.testing.TestModels.identity(
                1, List.of("monetary"), new int[] {1, 2}, new String[] {"Low", "High"}, new double[][] {{0.0},
                    {2000.0}}));

        long erasedAt;
        Instant requestedAt;
        try (StreamApp app = StreamApp.start(config)) {
            app.awaitRunning(Duration.ofSeconds(60));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (app.counters().inputs() < invoices / 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            erasedAt = app.counters().inputs();
            requestedAt = Instant.now();
            requestErasure(config, erased, requestedAt);
            Replay.awaitCommitted(stack, config, config.topics().invoices().name(), Duration.ofMinutes(4));
            Replay.awaitCommitted(stack, config, config.topics().erasures().name(), Duration.ofMinutes(1));
            assertEquals(ERASED, app.counters().erasures());
            assertEquals(0, app.counters().deadLetters());
            HttpClient http = HttpClient.newHttpClient();
            for (String customer : erased) {
                assertEquals(404, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.apiPort()
                        + "/customers/" + customer)).build(), HttpResponse.BodyHandlers.discarding()).statusCode(),
                        customer);
            }
            String kept = expected.customers.keySet().stream().filter(c -> !erased.contains(c)).findFirst()
                    .orElseThrow();
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.apiPort()
                    + "/customers/" + kept)).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
            System.out.printf("erased %d customers after %,d of %,d invoices; %,d of their later invoices dropped%n",
                    erased.size(), erasedAt, invoices, app.counters().erasedInvoices());
            assertTrue(erasedAt > 0 && erasedAt < invoices, "the erasure fell inside the replay: " + erasedAt);
            assertTrue(app.counters().erasedInvoices() > 0, "later invoices of erased customers were dropped");
        }

        String app = config.require(SegstreamConfig.APPLICATION_ID);
        Map<String, byte[]> features = latestValues(config, config.topics().features().name());
        Map<String, byte[]> stateLog = latestValues(config, app + "-" + FeatureStores.CUSTOMER_STATE + "-changelog");
        Map<String, SegmentChange> lastChange = lastChanges(config);
        for (String customer : erased) {
            assertTrue(features.containsKey(customer) && features.get(customer) == null,
                    customer + ": the latest features record is a tombstone");
            assertTrue(stateLog.containsKey(customer) && stateLog.get(customer) == null,
                    customer + ": the changelog of the customer records (state and assignment) ends in a tombstone");
            assertEquals(ChangeCause.ERASED, lastChange.get(customer).getCause(), customer);
        }

        try (TrainingCycle cycle = new TrainingCycle(config, TrainingOptions.defaults(), Duration.ofMinutes(1),
                Clock.systemUTC())) {
            CycleResult trained = cycle.run();
            Set<String> snapshot = new HashSet<>(List.of(trained.snapshot().customerIds()));
            assertEquals(expected.customers.size() - ERASED, snapshot.size(), "everyone but the erased");
            erased.forEach(customer -> assertTrue(!snapshot.contains(customer), customer + " in the snapshot"));
        }

        Map<String, CustomerFeatures> decoded = new HashMap<>();
        try (var serde = SpecificAvroSerde.create(CustomerFeatures.class, AvroSerdeConfig.forValues(
                stack.registryUrl()))) {
            features.forEach((customer, bytes) -> {
                if (bytes != null) {
                    decoded.put(customer, serde.deserializer().deserialize(config.topics().features().name(), bytes));
                }
            });
        }
        erased.forEach(expected.customers::remove);
        assertEquals(expected.customers.keySet(), decoded.keySet());
        PlainBatchCheck.assertMatches(expected, decoded);
    }

    /**
     * Writes the requests made {@code at}, their records stamped early in the replayed year: Kafka Streams takes a
     * task's records in timestamp order, so a record stamped now would wait behind the whole 2011 backlog, while in a
     * live deployment invoices and requests are stamped alike and meet in arrival order.
     */
    private static void requestErasure(SegstreamConfig config, List<String> customers, Instant at) {
        Properties props = new Properties();
        props.put("bootstrap.servers", stack.bootstrapServers());
        try (var serde = SpecificAvroSerde.create(ErasureRequest.class, AvroSerdeConfig.forValues(
                stack.registryUrl()));
             var producer = new KafkaProducer<>(props, new StringSerializer(), serde.serializer())) {
            for (String customer : customers) {
                producer.send(new ProducerRecord<>(config.topics().erasures().name(), null, STAMP.toEpochMilli(),
                        customer, ErasureRequest.newBuilder().setCustomerId(customer).setRequestedAt(at)
                                .setReason("IT").build()));
            }
        }
    }

    /** The latest committed value per key of {@code topic} (null for a tombstone), read to its end offsets. */
    private static Map<String, byte[]> latestValues(SegstreamConfig config, String topic) {
        Properties props = KafkaClients.share(config.kafkaProperties(), ConsumerConfig.configNames());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        Map<String, byte[]> latest = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertTrue(System.nanoTime() < deadline, "could not read " + topic + " to its end");
                consumer.poll(Duration.ofMillis(200)).forEach(r -> latest.put(r.key(), r.value()));
            }
        }
        return latest;
    }

    private static Map<String, SegmentChange> lastChanges(SegstreamConfig config) {
        Map<String, SegmentChange> last = new HashMap<>();
        try (var serde = SpecificAvroSerde.create(SegmentChange.class, AvroSerdeConfig.forValues(
                stack.registryUrl()))) {
            latestValues(config, config.topics().changes().name()).forEach((customer, bytes) ->
                    last.put(customer, serde.deserializer().deserialize(config.topics().changes().name(), bytes)));
        }
        return last;
    }
}
