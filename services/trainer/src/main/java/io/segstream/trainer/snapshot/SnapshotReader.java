package io.segstream.trainer.snapshot;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.segstream.avro.CustomerFeatures;
import io.segstream.platform.config.KafkaClients;
import io.segstream.platform.mapping.FeatureColumns;
import io.segstream.platform.mapping.FeaturesMapping;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots the compacted customer-features topic while the stream keeps writing to it: everything up to the end
 * offsets seen at the start, latest value per customer, tombstones deleted.
 */
public final class SnapshotReader {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotReader.class);

    private SnapshotReader() {
    }

    /**
     * Reads a snapshot with a fresh consumer.
     *
     * @param kafka Kafka client properties (at least {@code bootstrap.servers}); group, commit and isolation
     *     settings are overridden
     * @param topic the features topic
     * @param values the deserializer of {@link CustomerFeatures} values
     * @param featureNames the columns to extract
     * @param timeout the longest the read may take
     * @return the snapshot
     */
    public static FeatureSnapshot read(Properties kafka, String topic, Deserializer<CustomerFeatures> values,
            List<String> featureNames, Duration timeout) {
        return read(kafka, topic, values, featureNames, timeout, 0, 0);
    }

    /**
     * Reads a snapshot holding at most {@code maxCustomers} customers: above that, a seeded bottom-k sample of the
     * topic's customers (see {@link SnapshotBuilder}), so memory stays bounded at any topic size.
     *
     * @param maxCustomers the most customers to hold; 0 for all
     * @param seed seed of the sample
     */
    public static FeatureSnapshot read(Properties kafka, String topic, Deserializer<CustomerFeatures> values,
            List<String> featureNames, Duration timeout, int maxCustomers, long seed) {
        return readTimed(kafka, topic, values, featureNames, timeout, maxCustomers, seed).snapshot();
    }

    /**
     * A snapshot and where its read spent the time.
     *
     * @param snapshot the snapshot
     * @param millis wall time of the whole read
     * @param sampleMillis the part of it spent deciding which records to keep and storing them; the rest is fetching
     *     and decoding
     */
    public record Timed(FeatureSnapshot snapshot, long millis, long sampleMillis) {
    }

    /**
     * As {@link #read(Properties, String, Deserializer, List, Duration, int, long)}, timed. Above the sample, records
     * of keys outside it are counted but not decoded, so the snapshot time is the latest {@code asOf} among the
     * decoded records: every key's until the sample first fills, the sampled keys' after.
     */
    public static Timed readTimed(Properties kafka, String topic, Deserializer<CustomerFeatures> values,
            List<String> featureNames, Duration timeout, int maxCustomers, long seed) {
        FeatureColumns.validate(featureNames);
        long started = System.nanoTime();
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(kafka),
                new StringDeserializer(), new ByteArrayDeserializer());
        try {
            SnapshotBuilder builder = new SnapshotBuilder(featureNames, 1024, maxCustomers, seed);
            double[] row = new double[featureNames.size()];
            long[] sampling = new long[1];
            Map<TopicPartition, Long> end = CompactedTopicReader.read(consumer, topic, timeout, r -> {
                if (r.key() == null) {
                    return;
                }
                long t = System.nanoTime();
                if (!builder.wants(r.key())) {
                    builder.skip(r.value() == null);
                } else if (r.value() == null) {
                    builder.delete(r.key());
                } else {
                    long decoding = System.nanoTime();
                    CustomerFeatures f = values.deserialize(r.topic(), r.headers(), r.value());
                    FeatureColumns.of(f, featureNames, row);
                    t += System.nanoTime() - decoding;
                    builder.put(r.key(), row, f.getAsOf().toEpochMilli(), FeaturesMapping.purchases(f));
                }
                sampling[0] += System.nanoTime() - t;
            });
            Map<Integer, Long> offsets = new HashMap<>();
            end.forEach((tp, offset) -> offsets.put(tp.partition(), offset));
            long building = System.nanoTime();
            FeatureSnapshot snapshot = builder.build(offsets);
            sampling[0] += System.nanoTime() - building;
            long millis = (System.nanoTime() - started) / 1_000_000;
            LOG.info("Snapshot of {}: {} customers (of {}) from {} records ({} tombstones) in {} ms ({} ms sampling)",
                    topic, snapshot.size(), snapshot.customerCount(), snapshot.recordsRead(), snapshot.tombstones(),
                    millis, sampling[0] / 1_000_000);
            return new Timed(snapshot, millis, sampling[0] / 1_000_000);
        } finally {
            closeNow(consumer);
        }
    }

    /**
     * Closes a consumer read by assignment without waiting: it has no group to leave and no offsets to commit, and
     * a plain close waits up to {@code fetch.max.wait.ms} (500 ms) for its in-flight fetch, once per snapshot.
     */
    public static void closeNow(KafkaConsumer<?, ?> consumer) {
        consumer.close(CloseOptions.timeout(Duration.ZERO));
    }

    /**
     * Consumer settings for reading a topic by assignment: no group, no commits, committed transactions only.
     *
     * @param kafka Kafka client properties; keys the consumer does not know are dropped
     * @return the consumer properties
     */
    public static Properties consumerProperties(Properties kafka) {
        Properties p = KafkaClients.share(kafka, ConsumerConfig.configNames());
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // A read must not create the topic it finds missing.
        p.setProperty(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(8 * 1024 * 1024));
        return p;
    }
}
