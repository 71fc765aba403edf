package io.segstream.platform.topics;

import java.util.Map;
import java.util.Objects;

/**
 * A topic segstream reads or writes: name, partition count and whether it is compacted.
 *
 * @param name       topic name
 * @param partitions number of partitions, at least 1
 * @param compacted  true for changelog-like topics keyed by entity (latest value per key wins)
 */
public record TopicSpec(String name, int partitions, boolean compacted) {

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("Topic name must not be blank");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("Topic " + name + " needs at least one partition, got " + partitions);
        }
    }

    /** Topic-level configs to create the topic with. */
    public Map<String, String> configs() {
        return compacted ? Map.of("cleanup.policy", "compact") : Map.of();
    }

    /** The same topic with another partition count. */
    public TopicSpec withPartitions(int count) {
        return new TopicSpec(name, count, compacted);
    }
}
