package io.segstream.stream.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.InvoiceEvent;
import io.segstream.avro.SegmentModel;
import io.segstream.ingest.TransactionReader;
import io.segstream.core.invoice.Invoice;
import io.segstream.devstack.EmbeddedStack;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.platform.serde.AvroSerdeConfig;
import io.segstream.platform.serde.SpecificAvroSerde;
import io.segstream.devstack.KafkaProbe;
import io.segstream.platform.mapping.InvoiceMapping;
import io.segstream.testing.TestData;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/** Produces the Online Retail file into a real broker and reads compacted topics back, for integration tests. */
public final class Replay {

    private Replay() {
    }

    /**
     * A config pointed at {@code stack} whose topics and application id carry {@code suffix}, so each case has its
     * own, with its topics created.
     */
    public static SegstreamConfig isolatedConfig(EmbeddedStack stack, String suffix, Map<String, String> extra)
            throws java.io.IOException {
        Map<String, String> settings = new HashMap<>(Map.of(
                "state.dir", java.nio.file.Files.createTempDirectory("segstream-state-").toString(),
                "commit.interval.ms", "200",
                SegstreamConfig.APPLICATION_ID, "segstream-" + suffix,
                SegstreamConfig.API_PORT, String.valueOf(io.segstream.devstack.FreePorts.pick())));
        for (String topic : List.of("invoices", "invoices-json", "customer-features", "segment-models",
                "segment-changes", "customer-segments", "dead-letters")) {
            settings.put(SegstreamConfig.TOPIC_PREFIX + topic, topic + "-" + suffix);
        }
        settings.putAll(extra);
        SegstreamConfig config = stack.configure(SegstreamConfig.load(java.util.Optional.empty(), settings));
        stack.createTopics(config.topics().all());
        return config;
    }

    /** The shipped Online Retail file. */
    public static Path onlineRetail() {
        return Path.of(TestData.dataDir().toString(), "online-retail",
                "online_retail.csv.gz");
    }

    /** Produces every invoice of {@code file} as Avro, keyed by customer, timestamped by invoice time. */
    public static int produceAll(EmbeddedStack stack, String topic, Path file) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        var serde = SpecificAvroSerde.create(InvoiceEvent.class, AvroSerdeConfig.forValues(stack.registryUrl()));
        int count = 0;
        // A send can fail for good under heavy load (seen: OUT_OF_ORDER_SEQUENCE_NUMBER until the delivery timeout);
        // such records are sent again one by one, and a second failure fails the replay here, naming the cause,
        // instead of leaving a test to wait for invoices that never arrive.
        List<ProducerRecord<String, InvoiceEvent>> failed = java.util.Collections.synchronizedList(new ArrayList<>());
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), serde.serializer());
             TransactionReader reader = TransactionReader.open(file)) {
            for (Invoice invoice : reader) {
                var record = new ProducerRecord<>(topic, null, invoice.invoiceTimeMillis(),
                        InvoiceMapping.key(invoice), InvoiceMapping.toEvent(invoice));
                producer.send(record, (metadata, e) -> {
                    if (e != null) {
                        failed.add(record);
                    }
                });
                count++;
            }
            producer.flush();
            List<ProducerRecord<String, InvoiceEvent>> again;
            synchronized (failed) {
                again = List.copyOf(failed);
            }
            for (var record : again) {
                producer.send(record).get();
            }
            if (!again.isEmpty()) {
                System.out.printf("replay: %d of %d invoices sent again after a failed send%n", again.size(), count);
            }
        }
        return count;
    }

    /** Waits until the application's consumer group has committed every record of {@code topic}. */
    public static void awaitCommitted(EmbeddedStack stack, SegstreamConfig config, String topic, Duration timeout)
            throws InterruptedException {
        try (KafkaProbe probe = new KafkaProbe(stack.bootstrapServers())) {
            var end = probe.endOffsets(topic);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!probe.committedUpTo(config.require(SegstreamConfig.APPLICATION_ID), end)) {
                assertTrue(System.nanoTime() < deadline, "not everything of " + topic + " committed in " + timeout);
                Thread.sleep(200);
            }
        }
    }

    /** Publishes {@code model} to the models topic {@code topic}, keyed by its name, as the trainer would. */
    public static void publishModel(EmbeddedStack stack, String topic, SegmentModel model) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        var serde = SpecificAvroSerde.create(SegmentModel.class, AvroSerdeConfig.forValues(stack.registryUrl()));
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), serde.serializer())) {
            producer.send(new ProducerRecord<>(topic, model.getModelName(), model));
        }
    }

    /** The latest committed value per key of the features topic, read to its end offsets. */
    public static Map<String, CustomerFeatures> latestFeatures(EmbeddedStack stack, String topic, int expectedKeys) {
        var serde = SpecificAvroSerde.create(CustomerFeatures.class, AvroSerdeConfig.forValues(stack.registryUrl()));
        Map<String, CustomerFeatures> latest = new HashMap<>();
        for (var r : readAll(stack, topic, serde.deserializer())) {
            latest.put(r.key() == null ? null : new String(r.key(), java.nio.charset.StandardCharsets.UTF_8),
                    r.value());
        }
        assertTrue(latest.size() >= expectedKeys, "read " + latest.size() + " customers, expected " + expectedKeys);
        return latest;
    }

    /** Every committed record of {@code topic}, read to its end offsets. */
    public static <V> List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], V>> readAll(EmbeddedStack stack,
            String topic, org.apache.kafka.common.serialization.Deserializer<V> values) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], V>> all = new java.util.ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props,
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!reachedEnd(consumer, end) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
        }
        return all;
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }
}
