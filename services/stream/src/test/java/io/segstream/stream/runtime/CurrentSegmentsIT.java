package io.segstream.stream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.function.BiConsumer;

import io.segstream.avro.ChangeCause;
import io.segstream.avro.CustomerSegment;
import io.segstream.avro.ErasureRequest;
import io.segstream.avro.SegmentChange;
import io.segstream.avro.SegmentModel;
import io.segstream.devstack.EmbeddedStack;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.devstack.FreePorts;
import io.segstream.platform.serde.AvroSerdeConfig;
import io.segstream.platform.serde.SpecificAvroSerde;
import io.segstream.stream.testing.Replay;
import io.segstream.stream.testing.TestModels;
import io.segstream.testing.PlainRetailFeatures;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Late consumers get everything: the whole Online Retail replay streams with exactly-once, a second model lands and
 * 50 customers are erased half way; only then does a new consumer group subscribe to {@code customer-segments}. What
 * it reads is every customer's current segment, equal to that customer's last change on {@code segment-changes}, and
 * no erased customer. The time-retained outputs carry the broker's arrival time, not the replay's 2011 times.
 */
@Tag("integration")
class CurrentSegmentsIT {

    private static final int ERASED = 50;
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
    void givenAReplayWithAModelUpdateAndErasures_whenANewConsumerReadsTheTable_thenItHoldsEachLastChange()
            throws Exception {
        Path data = Replay.onlineRetail();
        SegstreamConfig config = stack.configure(SegstreamConfig.load(Optional.empty(), Map.of(
                "state.dir", Files.createTempDirectory("segstream-state-").toString(),
                "commit.interval.ms", "200",
                SegstreamConfig.APPLICATION_ID, "segstream-current-segments",
                SegstreamConfig.API_PORT, String.valueOf(FreePorts.pick()))));
        stack.createTopics(config.topics().all());
        long replayStarted = System.currentTimeMillis();
        int invoices = Replay.produceAll(stack, config.topics().invoices().name(), data);
        List<String> customers = new ArrayList<>(new TreeSet<>(PlainRetailFeatures.compute(data).customers.keySet()));
        List<String> erased = new ArrayList<>();
        for (int i = 0; i < customers.size() && erased.size() < ERASED; i += 80) {
            erased.add(customers.get(i));
        }
        // Monetary alone, three segments: customers move up as they spend, and v2 moves two boundaries.
        Replay.publishModel(stack, config.topics().models().name(), monetaryModel(1, 0, 1000, 5000));

        try (StreamApp app = StreamApp.start(config)) {
            app.awaitRunning(Duration.ofSeconds(60));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (app.counters().inputs() < invoices / 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Replay.publishModel(stack, config.topics().models().name(), monetaryModel(2, 0, 600, 3000));
            requestErasure(config, erased);
            Replay.awaitCommitted(stack, config, config.topics().invoices().name(), Duration.ofMinutes(3));
            Replay.awaitCommitted(stack, config, config.topics().erasures().name(), Duration.ofMinutes(1));
            assertEquals(ERASED, app.counters().erasures());
            assertEquals(2, app.scoring().modelVersion());
        }

        Map<String, SegmentChange> lastChange = new HashMap<>();
        Map<String, List<State>> expected = new HashMap<>();
        Map<ChangeCause, Integer> causes = new EnumMap<>(ChangeCause.class);
        List<Long> changeStamps = new ArrayList<>();
        int changes = readAll(config.topics().changes().name(), SegmentChange.class, (record, change) -> {
            lastChange.put(record.key(), change);
            causes.merge(change.getCause(), 1, Integer::sum);
            expected.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(State.after(change));
            assertEquals(TimestampType.LOG_APPEND_TIME, record.timestampType());
            changeStamps.add(record.timestamp());
        });
        Map<String, List<State>> read = new HashMap<>();
        Map<String, CustomerSegment> table = new HashMap<>();
        int written = readAll(config.topics().segments().name(), CustomerSegment.class, (record, segment) -> {
            read.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(State.of(segment));
            if (segment == null) {
                table.remove(record.key());
            } else {
                table.put(record.key(), segment);
            }
        });

        System.out.printf("%,d changes %s; %,d current-segment records read (%,d removed by compaction); %,d"
                + " customers in the table%n", changes, causes, written, changes - written, table.size());
        // Compaction may already have removed superseded records (segments roll by record time, and a replay's
        // times span a year), so each customer's records are the latest of its changes, never an older or other one.
        assertEquals(expected.keySet(), read.keySet(), "every customer with a change has a record");
        List<String> wrong = expected.keySet().stream().sorted().filter(c -> !isSuffix(read.get(c), expected.get(c)))
                .toList();
        assertEquals(List.of(), wrong.stream().limit(5).map(c -> c + ": changes lead to " + expected.get(c)
                + ", read " + read.get(c)).toList(), "the records read are the states of the latest changes");
        assertEquals(customers.size(), lastChange.size(), "every customer was assigned");
        assertEquals(customers.size() - ERASED, table.size());
        assertTrue(causes.getOrDefault(ChangeCause.MODEL_UPDATE, 0) > 0, "the second model moved customers");
        assertTrue(causes.getOrDefault(ChangeCause.BEHAVIOUR, 0) > 0, "customers moved as they spent");
        assertEquals(ERASED, causes.get(ChangeCause.ERASED));
        for (String customer : erased) {
            assertEquals(ChangeCause.ERASED, lastChange.get(customer).getCause(), customer);
            assertNull(table.get(customer), customer + " is not in the table");
        }
        for (var entry : table.entrySet()) {
            SegmentChange last = lastChange.get(entry.getKey());
            CustomerSegment segment = entry.getValue();
            String customer = entry.getKey();
            assertEquals(customer, segment.getCustomerId());
            assertEquals(last.getToSegmentId(), segment.getSegmentId(), customer);
            assertEquals(last.getToSegmentName(), segment.getSegmentName(), customer);
            assertEquals("rfm", segment.getModelName(), customer);
            assertEquals(last.getToModelVersion(), segment.getModelVersion(), customer);
            assertEquals(last.getEventTime(), segment.getSince(), customer);
            assertTrue(segment.getSince().isBefore(Instant.parse("2012-01-01T00:00:00Z")), "since is stream time");
        }
        // Stamped by the broker while the replay ran, so retention counts from then and not from 2011.
        assertTrue(changeStamps.stream().allMatch(t -> t >= replayStarted && t <= System.currentTimeMillis()),
                "segment-changes carry their arrival time");
        assertTopicConfigs(config);
    }

    /** Whether {@code tail} is non-empty and ends {@code all}. */
    private static boolean isSuffix(List<State> tail, List<State> all) {
        return !tail.isEmpty() && tail.size() <= all.size()
                && tail.equals(all.subList(all.size() - tail.size(), all.size()));
    }

    /** A customer's current segment as the test sees it; null stands for a tombstone. */
    private record State(int segmentId, String segmentName, String modelName, long modelVersion, Instant since) {

        /** The state a change leads to, mapped here from the change's own fields: null after an erasure. */
        static State after(SegmentChange change) {
            return change.getCause() == ChangeCause.ERASED ? null : new State(change.getToSegmentId(),
                    change.getToSegmentName(), "rfm", change.getToModelVersion(), change.getEventTime());
        }

        static State of(CustomerSegment segment) {
            return segment == null ? null : new State(segment.getSegmentId(), segment.getSegmentName(),
                    segment.getModelName(), segment.getModelVersion(), segment.getSince());
        }
    }

    private static SegmentModel monetaryModel(long version, double low, double mid, double high) {
        return TestModels.identity(version, List.of("monetary"), new int[] {1, 2, 3},
                new String[] {"Low", "Mid", "High"}, new double[][] {{low}, {mid}, {high}});
    }

    private static void assertTopicConfigs(SegstreamConfig config) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            var segments = new ConfigResource(ConfigResource.Type.TOPIC, config.topics().segments().name());
            var changes = new ConfigResource(ConfigResource.Type.TOPIC, config.topics().changes().name());
            var deadLetters = new ConfigResource(ConfigResource.Type.TOPIC, config.topics().deadLetters().name());
            var configs = admin.describeConfigs(List.of(segments, changes, deadLetters)).all().get();
            assertEquals("compact", configs.get(segments).get("cleanup.policy").value());
            assertEquals("LogAppendTime", configs.get(changes).get("message.timestamp.type").value());
            assertEquals("LogAppendTime", configs.get(deadLetters).get("message.timestamp.type").value());
        }
    }

    /** Requests the erasures, stamped early in the replayed year so they are taken mid-replay (see ErasureIT). */
    private static void requestErasure(SegstreamConfig config, List<String> customers) {
        Properties props = new Properties();
        props.put("bootstrap.servers", stack.bootstrapServers());
        Instant at = Instant.now();
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

    /**
     * Reads {@code topic} as a consumer group that has never read it, from the earliest offset up to the end offsets
     * at the time it joined, with read_committed, handing each record to {@code each}.
     *
     * @return the number of records read
     */
    private static <V extends SpecificRecord> int readAll(
            String topic, Class<V> type, BiConsumer<ConsumerRecord<String, byte[]>, V> each) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "late-" + topic);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        int count = 0;
        try (var serde = SpecificAvroSerde.create(type, AvroSerdeConfig.forValues(stack.registryUrl()));
             var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            Deserializer<V> values = serde.deserializer();
            consumer.subscribe(List.of(topic));
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList());
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (!end.entrySet().stream().allMatch(e -> e.getValue() == 0 || consumer.assignment()
                    .contains(e.getKey()) && consumer.position(e.getKey()) >= e.getValue())) {
                assertTrue(System.nanoTime() < deadline, "could not read " + topic + " to its end");
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    each.accept(record, values.deserialize(topic, record.value()));
                    count++;
                }
            }
        }
        return count;
    }
}
