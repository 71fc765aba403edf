package io.segstream.trainer.snapshot;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Reads every partition of a topic from its beginning up to the end offsets captured when the read starts, with a
 * caller's consumer that is assigned, not subscribed: no group membership, no commits, so a snapshot neither
 * disturbs nor depends on any consumer group, and records appended during the read are left for the next one.
 */
public final class CompactedTopicReader {

    private CompactedTopicReader() {
    }

    /**
     * Reads {@code topic} from the beginning to the end offsets captured at the start.
     *
     * @param consumer a consumer without a subscription; use {@code isolation.level=read_committed} so the end
     *     offsets are the last stable offsets and aborted records are skipped
     * @param topic the topic
     * @param timeout the longest the whole read may take
     * @param sink receives every record, tombstones included, in offset order per partition
     * @return the end offset per partition the read stopped at
     * @throws IllegalStateException when the topic does not exist
     * @throws TimeoutException when the end offsets are not reached within {@code timeout}
     */
    public static <K, V> Map<TopicPartition, Long> read(org.apache.kafka.clients.consumer.Consumer<K, V> consumer,
            String topic, Duration timeout, Consumer<ConsumerRecord<K, V>> sink) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("Topic '" + topic + "' does not exist");
        }
        List<TopicPartition> partitions = infos.stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = Map.copyOf(consumer.endOffsets(partitions, timeout));
        Map<TopicPartition, Long> remaining = new HashMap<>();
        for (TopicPartition tp : partitions) {
            if (consumer.position(tp, timeout) < end.get(tp)) {
                remaining.put(tp, end.get(tp));
            } else {
                consumer.pause(List.of(tp));
            }
        }
        while (!remaining.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("Reading '" + topic + "' did not reach the end offsets " + end
                        + " within " + timeout + "; still behind on " + remaining.keySet());
            }
            ConsumerRecords<K, V> records = consumer.poll(Duration.ofMillis(200));
            for (TopicPartition tp : records.partitions()) {
                long stop = end.get(tp);
                for (ConsumerRecord<K, V> r : records.records(tp)) {
                    // Records appended after the start belong to the next snapshot.
                    if (r.offset() < stop) {
                        sink.accept(r);
                    }
                }
            }
            // Positions, not record offsets: compaction and transaction markers leave gaps before the end.
            for (var it = remaining.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (consumer.position(e.getKey(), timeout) >= e.getValue()) {
                    consumer.pause(List.of(e.getKey()));
                    it.remove();
                }
            }
        }
        return end;
    }
}
