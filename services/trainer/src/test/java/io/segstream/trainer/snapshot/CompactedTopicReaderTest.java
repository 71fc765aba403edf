package io.segstream.trainer.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.segstream.core.features.FeatureVector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The read stops at the end offsets captured at its start, and latest value per key wins. */
class CompactedTopicReaderTest {

    private static final TopicPartition P0 = new TopicPartition("features", 0);
    private static final TopicPartition P1 = new TopicPartition("features", 1);

    @Test
    void givenRecordsAppendedDuringTheRead_whenRead_thenOnlyRecordsBeforeTheStartEndOffsetsAreSeen() {
        MockConsumer<String, String> consumer = new MockConsumer<>("earliest");
        Node node = new Node(0, "localhost", 9092);
        consumer.updatePartitions("features", List.of(
                new PartitionInfo("features", 0, node, new Node[0], new Node[0]),
                new PartitionInfo("features", 1, node, new Node[0], new Node[0])));
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.updateEndOffsets(Map.of(P0, 2L, P1, 1L));
        consumer.schedulePollTask(() -> {
            consumer.addRecord(new ConsumerRecord<>("features", 0, 0, "a", "a1"));
            consumer.addRecord(new ConsumerRecord<>("features", 1, 0, "b", "b1"));
            consumer.addRecord(new ConsumerRecord<>("features", 0, 1, "a", "a2"));
            // Written after the read started: beyond the captured end offset.
            consumer.addRecord(new ConsumerRecord<>("features", 0, 2, "c", "c1"));
        });
        List<String> seen = new ArrayList<>();

        Map<TopicPartition, Long> end = CompactedTopicReader.read(consumer, "features", Duration.ofSeconds(5),
                r -> seen.add(r.value()));

        assertEquals(Map.of(P0, 2L, P1, 1L), end);
        assertEquals(List.of("a1", "a2", "b1"), seen.stream().sorted().toList());
    }

    @Test
    void givenUpdatesAndTombstones_whenBuilt_thenLatestLiveValuePerKeySortedById() {
        SnapshotBuilder b = new SnapshotBuilder(FeatureVector.NAMES, 1);
        b.put("b", new double[] {1, 1, 1, 1, 1, 1}, 100);
        b.put("a", new double[] {2, 2, 2, 2, 2, 2}, 300);
        b.put("c", new double[] {3, 3, 3, 3, 3, 3}, 200);
        b.put("b", new double[] {4, 4, 4, 4, 4, 4}, 250);
        b.delete("c");
        b.delete("zz");

        FeatureSnapshot s = b.build(Map.of(0, 6L));

        assertArrayEquals(new String[] {"a", "b"}, s.customerIds());
        assertArrayEquals(new double[] {2, 2, 2, 2, 2, 2, 4, 4, 4, 4, 4, 4}, s.values());
        assertEquals(300, s.snapshotTimeMillis());
        assertEquals(6, s.recordsRead());
        assertEquals(2, s.tombstones());
    }
}
