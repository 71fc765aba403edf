package io.segstream.trainer.schedule;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import io.segstream.trainer.snapshot.SnapshotReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Counts the distinct customers written to the features topic after a snapshot, by key only (values are not
 * decoded). The set stops growing at the threshold, so memory stays bounded however busy the topic is.
 */
public final class ChangeCounter implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions;
    private final long cap;
    private final Set<String> changed = new HashSet<>();
    private long newestTimestamp = Long.MIN_VALUE;
    private long oldestTimestamp = Long.MAX_VALUE;

    /**
     * @param kafka Kafka client properties
     * @param topic the features topic
     * @param cap the count at which counting may stop, e.g. the schedule's threshold; 0 counts nothing
     * @param timeout how long the metadata lookup may take
     */
    public ChangeCounter(Properties kafka, String topic, long cap, Duration timeout) {
        this.consumer = new KafkaConsumer<>(SnapshotReader.consumerProperties(kafka), new StringDeserializer(),
                new ByteArrayDeserializer());
        var infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            consumer.close();
            throw new IllegalStateException("Topic '" + topic + "' does not exist");
        }
        this.partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        this.cap = cap;
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
    }

    /**
     * Starts counting again from the offsets a snapshot stopped at.
     *
     * @param offsets per partition number, the snapshot's end offsets; partitions missing from it start at the end
     */
    public void reset(Map<Integer, Long> offsets) {
        changed.clear();
        newestTimestamp = Long.MIN_VALUE;
        oldestTimestamp = Long.MAX_VALUE;
        for (TopicPartition tp : partitions) {
            Long offset = offsets.get(tp.partition());
            if (offset == null) {
                consumer.seekToEnd(List.of(tp));
            } else {
                consumer.seek(tp, offset);
            }
        }
    }

    /**
     * Polls once and counts the new keys.
     *
     * @param timeout the longest to wait for records
     * @return the distinct customers changed since the last reset, at most the cap
     * @throws WakeupException when {@link #wakeup()} was called
     */
    public long poll(Duration timeout) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
            newestTimestamp = Math.max(newestTimestamp, r.timestamp());
            oldestTimestamp = Math.min(oldestTimestamp, r.timestamp());
            if (r.key() != null && changed.size() < cap) {
                changed.add(r.key());
            }
        }
        return changed.size();
    }

    /** @return the distinct customers changed since the last reset, at most the cap. */
    public long count() {
        return changed.size();
    }

    /**
     * @return the newest record timestamp seen since the last reset (the stream time of those features),
     *     {@code Long.MIN_VALUE} when none
     */
    public long newestTimestamp() {
        return newestTimestamp;
    }

    /**
     * @return the oldest record timestamp seen since the last reset (the stream time of the first features after
     *     it), {@code Long.MAX_VALUE} when none
     */
    public long oldestTimestamp() {
        return oldestTimestamp;
    }

    /** Interrupts a blocked {@link #poll}; safe from any thread. */
    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
