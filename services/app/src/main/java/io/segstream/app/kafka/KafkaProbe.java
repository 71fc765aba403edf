package io.segstream.app.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Offsets the benchmarks and the demo watch: a topic's end and what a consumer group has committed on it, e.g. to
 * know that the stream has processed and committed everything produced so far.
 */
public final class KafkaProbe implements AutoCloseable {

    private final Admin admin;

    /** @param bootstrapServers the cluster, with no other client setting */
    public KafkaProbe(String bootstrapServers) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** @param kafka client settings (security included); the keys an admin client does not know are left out */
    public KafkaProbe(Properties kafka) {
        Properties props = new Properties();
        kafka.stringPropertyNames().stream().filter(AdminClientConfig.configNames()::contains)
                .forEach(key -> props.setProperty(key, kafka.getProperty(key)));
        this.admin = Admin.create(props);
    }

    /** The log end offset of every partition of {@code topic}. */
    public Map<TopicPartition, Long> endOffsets(String topic) {
        try {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> end = new HashMap<>();
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e
                    : admin.listOffsets(request).all().get().entrySet()) {
                end.put(e.getKey(), e.getValue().offset());
            }
            return end;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the end offsets of " + topic + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code group} has committed offsets at or past {@code end} on every partition. */
    public boolean committedUpTo(String group, Map<TopicPartition, Long> end) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            return end.entrySet().stream().allMatch(e -> e.getValue() == 0 || (committed.get(e.getKey()) != null
                    && committed.get(e.getKey()).offset() >= e.getValue()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            return false;
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
