package io.segstream.platform.topics;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A topic segstream reads or writes: name, partition count, whether it is compacted and whether it keeps records
 * forever.
 *
 * @param name        topic name
 * @param partitions  number of partitions, at least 1
 * @param compacted   true for changelog-like topics keyed by entity (latest value per key wins)
 * @param keepForever true for topics of historical events ({@code retention.ms=-1}): time retention is measured
 *                    against record timestamps, and a replay of 2011 invoices would be deleted at the broker's next
 *                    retention check under the default 7 days
 */
public record TopicSpec(String name, int partitions, boolean compacted, boolean keepForever) {

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("Topic name must not be blank");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("Topic " + name + " needs at least one partition, got " + partitions);
        }
    }

    /** A topic with the broker's default time retention. */
    public TopicSpec(String name, int partitions, boolean compacted) {
        this(name, partitions, compacted, false);
    }

    /** Topic-level configs to create the topic with. */
    public Map<String, String> configs() {
        Map<String, String> configs = new HashMap<>();
        if (compacted) {
            configs.put("cleanup.policy", "compact");
        }
        if (keepForever) {
            configs.put("retention.ms", "-1");
        }
        return Map.copyOf(configs);
    }

    /** The same topic with another partition count. */
    public TopicSpec withPartitions(int count) {
        return new TopicSpec(name, count, compacted, keepForever);
    }

    /** The same topic under another name. */
    public TopicSpec withName(String other) {
        return new TopicSpec(other, partitions, compacted, keepForever);
    }
}
