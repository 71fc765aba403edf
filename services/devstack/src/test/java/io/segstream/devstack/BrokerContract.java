package io.segstream.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import io.segstream.platform.topics.SegstreamTopics;
import io.segstream.platform.topics.TopicSpec;
import io.segstream.platform.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * What segstream needs from any broker, checked against the embedded one and, where Docker exists, a container:
 * topic creation with compaction, and transactions whose aborted records stay invisible to read_committed readers.
 */
abstract class BrokerContract {

    /** The broker under test. */
    abstract String bootstrapServers();

    @Test
    void givenSegstreamTopics_whenEnsured_thenCreatedOnceWithCompactionWhereDeclared() throws Exception {
        // A history replay keeps its invoices forever; dead letters get a week.
        SegstreamTopics topics = SegstreamTopics.defaults(2, TopicSpec.FOREVER, 604_800_000L);
        Properties kafka = new Properties();
        kafka.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(kafka)) {
            List<String> created = Topics.ensure(kafka, topics.all(), Optional.of((short) 1));
            List<String> again = Topics.ensure(kafka, topics.all(), Optional.of((short) 1));

            assertEquals(topics.all().size(), created.size());
            assertEquals(List.of(), again);
            var features = new ConfigResource(ConfigResource.Type.TOPIC, topics.features().name());
            ConfigEntry policy = admin.describeConfigs(List.of(features)).all().get().get(features)
                    .get("cleanup.policy");
            assertEquals("compact", policy.value());
            // Invoice topics keep replayed history by their own setting, whatever the broker's default.
            var invoices = new ConfigResource(ConfigResource.Type.TOPIC, topics.invoices().name());
            ConfigEntry retention = admin.describeConfigs(List.of(invoices)).all().get().get(invoices)
                    .get("retention.ms");
            assertEquals("-1", retention.value());
            assertEquals(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, retention.source());
            assertNotEquals(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, admin.describeConfigs(List.of(features))
                    .all().get().get(features).get("retention.ms").source(), "features keep the broker's retention");
            var deadLetters = new ConfigResource(ConfigResource.Type.TOPIC, topics.deadLetters().name());
            assertEquals("604800000", admin.describeConfigs(List.of(deadLetters)).all().get().get(deadLetters)
                    .get("retention.ms").value());
            var erasures = new ConfigResource(ConfigResource.Type.TOPIC, topics.erasures().name());
            assertEquals("compact", admin.describeConfigs(List.of(erasures)).all().get().get(erasures)
                    .get("cleanup.policy").value());
            var segments = new ConfigResource(ConfigResource.Type.TOPIC, topics.segments().name());
            assertEquals("compact", admin.describeConfigs(List.of(segments)).all().get().get(segments)
                    .get("cleanup.policy").value());
            // The time-retained outputs count retention from arrival; the compacted ones keep their writers' times.
            var changes = new ConfigResource(ConfigResource.Type.TOPIC, topics.changes().name());
            var configs = admin.describeConfigs(List.of(changes, deadLetters, features, segments)).all().get();
            assertEquals("LogAppendTime", configs.get(changes).get("message.timestamp.type").value());
            assertEquals("LogAppendTime", configs.get(deadLetters).get("message.timestamp.type").value());
            assertEquals("CreateTime", configs.get(features).get("message.timestamp.type").value());
            assertEquals("CreateTime", configs.get(segments).get("message.timestamp.type").value());
            assertEquals("delete", configs.get(changes).get("cleanup.policy").value());
            int partitions = admin.describeTopics(List.of(topics.invoices().name())).allTopicNames().get()
                    .get(topics.invoices().name()).partitions().size();
            assertEquals(2, partitions);
        }
    }

    @Test
    void givenCommittedAndAbortedTransactions_whenReadCommitted_thenOnlyCommittedRecordsSeen() throws Exception {
        String topic = "contract-transactions";
        Properties admin = new Properties();
        admin.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        Topics.ensure(admin, List.of(new TopicSpec(topic, 1, false)), Optional.of((short) 1));
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "contract-tx");
        try (var producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "c1", "committed-1"));
            producer.send(new ProducerRecord<>(topic, "c2", "committed-2"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "c3", "aborted"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "c4", "committed-3"));
            producer.commitTransaction();
        }

        List<String> seen = readAll(topic, 3);

        assertEquals(List.of("committed-1", "committed-2", "committed-3"), seen);
    }

    @Test
    void givenTopicStampedOnArrival_whenARecordOfTheYear2011IsWritten_thenItCarriesTheBrokersTime() throws Exception {
        String topic = "contract-arrival";
        Properties admin = new Properties();
        admin.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        Topics.ensure(admin, List.of(new TopicSpec(topic, 1, false).withLogAppendTime(true)),
                Optional.of((short) 1));
        long replayed = Instant.parse("2011-12-09T12:50:00Z").toEpochMilli();
        long before = System.currentTimeMillis();
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (var producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, null, replayed, "c1", "moved")).get();
        }
        long after = System.currentTimeMillis();

        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "contract-arrival-reader");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (read.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }

        assertEquals(1, read.size());
        ConsumerRecord<String, String> record = read.getFirst();
        assertEquals(TimestampType.LOG_APPEND_TIME, record.timestampType());
        assertTrue(record.timestamp() >= before && record.timestamp() <= after,
                "stamped on arrival, not with the 2011 time: " + Instant.ofEpochMilli(record.timestamp()));
    }

    private List<String> readAll(String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "contract-reader");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
            // One more poll: an aborted record that leaked would show up after the expected ones.
            consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
        }
        assertTrue(values.size() >= expected, "timed out reading " + topic + ": " + values);
        return values;
    }
}
