package io.segstream.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import io.segstream.platform.config.SegstreamConfig;
import io.segstream.platform.topics.TopicSpec;
import io.segstream.platform.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The three-node embedded cluster ({@code segstream infra --brokers 3}): segstream's topics and the cluster's own
 * offsets and transaction topics have three replicas and {@code min.insync.replicas=2}, and exactly-once writes go on
 * while one broker is stopped and after it is back.
 */
@Tag("integration")
class EmbeddedKafkaClusterIT {

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startCluster() {
        kafka = EmbeddedKafka.startCluster(3);
    }

    @AfterAll
    static void stopCluster() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static SegstreamConfig config() {
        return SegstreamConfig.load(Optional.empty(), Map.of(
                SegstreamConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(),
                SegstreamConfig.PARTITIONS, "6",
                SegstreamConfig.REPLICATION_FACTOR, String.valueOf(kafka.replicationFactor()),
                SegstreamConfig.MIN_INSYNC_REPLICAS, String.valueOf(kafka.minInsyncReplicas())));
    }

    @Test
    void givenThreeNodes_whenSegstreamTopicsEnsured_thenEachHasThreeReplicasAndTwoInSync() throws Exception {
        SegstreamConfig config = config();
        Topics.ensure(config, config.topics().all());

        try (Admin admin = admin()) {
            assertEquals(3, admin.describeCluster().nodes().get().size());
            for (TopicSpec spec : config.topics().all()) {
                TopicDescription topic = admin.describeTopics(List.of(spec.name())).allTopicNames().get()
                        .get(spec.name());
                assertEquals(spec.partitions(), topic.partitions().size(), spec.name());
                for (TopicPartitionInfo partition : topic.partitions()) {
                    assertEquals(3, partition.replicas().size(), spec.name() + " " + partition.partition());
                    assertEquals(3, partition.isr().size(), spec.name() + " " + partition.partition());
                }
                assertEquals("2", topicConfig(admin, spec.name(), "min.insync.replicas"), spec.name());
            }
        }
    }

    @Test
    void givenOneBrokerStopped_whenTransactionsCommit_thenReadCommittedSeesEveryRecordOnceAndTheBrokerRejoins()
            throws Exception {
        String topic = "cluster-transactions";
        SegstreamConfig config = config();
        Topics.ensure(config, List.of(new TopicSpec(topic, 3, false)));
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "cluster-tx");
        Set<String> sent = new TreeSet<>();
        try (var producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            for (int batch = 0; batch < 6; batch++) {
                if (batch == 2) {
                    kafka.stopBroker(2);
                }
                if (batch == 4) {
                    kafka.startBroker(2);
                }
                producer.beginTransaction();
                for (int i = 0; i < 50; i++) {
                    String value = batch + "-" + i;
                    producer.send(new ProducerRecord<>(topic, "k" + i, value));
                    sent.add(value);
                }
                producer.commitTransaction();
            }
        }

        List<String> seen = readCommitted(topic);

        assertEquals(sent.size(), seen.size(), "no record lost or duplicated");
        assertEquals(sent, new TreeSet<>(seen));
        try (Admin admin = admin()) {
            assertEquals(3, admin.describeCluster().nodes().get().size());
            for (String internal : List.of("__consumer_offsets", "__transaction_state")) {
                TopicDescription description = admin.describeTopics(List.of(internal)).allTopicNames().get()
                        .get(internal);
                assertEquals(3, description.partitions().getFirst().replicas().size(), internal);
            }
            assertEquals("2", topicConfig(admin, "__transaction_state", "min.insync.replicas"));
        }
    }

    private static Admin admin() {
        return Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()));
    }

    private static String topicConfig(Admin admin, String topic, String key) throws Exception {
        var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource).get(key).value();
    }

    private static List<String> readCommitted(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // A group that commits: the cluster creates its offsets topic, whose replication is checked too.
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "cluster-reader");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertTrue(System.nanoTime() < deadline, "reading " + topic + " timed out");
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
            consumer.commitSync();
        }
        return values;
    }
}
