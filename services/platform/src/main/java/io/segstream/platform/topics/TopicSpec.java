package io.segstream.platform.topics;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A topic segstream reads or writes: name, partition count, whether it is compacted, its time retention and whose
 * clock stamps its records.
 *
 * @param name          topic name
 * @param partitions    number of partitions, at least 1
 * @param compacted     true for changelog-like topics keyed by entity (latest value per key wins)
 * @param retentionMs   {@code retention.ms} to create it with: {@link #FOREVER}, {@link #BROKER_DEFAULT}, or a
 *                      positive time. Time retention is measured against record timestamps, so a replay of 2011
 *                      invoices needs {@link #FOREVER}: under any time retention the broker deletes it at its next
 *                      retention check once a segment rolls
 * @param logAppendTime true to create it with {@code message.timestamp.type=LogAppendTime}: the broker stamps every
 *                      record on arrival, so time retention counts from when a record was written, not from the
 *                      event time the writer gave it. For time-retained outputs whose values carry their own event
 *                      time; false leaves the broker's {@code log.message.timestamp.type} (CreateTime by default)
 */
public record TopicSpec(String name, int partitions, boolean compacted, long retentionMs, boolean logAppendTime) {

    /** {@code retention.ms=-1}: records are never deleted for their age. */
    public static final long FOREVER = -1;
    /** No {@code retention.ms} of its own: the broker's {@code log.retention.*} applies. */
    public static final long BROKER_DEFAULT = 0;

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("Topic name must not be blank");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("Topic " + name + " needs at least one partition, got " + partitions);
        }
        if (retentionMs < FOREVER) {
            throw new IllegalArgumentException("Topic " + name + ": retention " + retentionMs + " ms is not valid");
        }
    }

    /** A topic stamped by its writers (the broker's default timestamp type). */
    public TopicSpec(String name, int partitions, boolean compacted, long retentionMs) {
        this(name, partitions, compacted, retentionMs, false);
    }

    /** A topic with the broker's default time retention, stamped by its writers. */
    public TopicSpec(String name, int partitions, boolean compacted) {
        this(name, partitions, compacted, BROKER_DEFAULT);
    }

    /** Topic-level configs to create the topic with. */
    public Map<String, String> configs() {
        Map<String, String> configs = new HashMap<>();
        if (compacted) {
            configs.put("cleanup.policy", "compact");
        }
        if (retentionMs != BROKER_DEFAULT) {
            configs.put("retention.ms", String.valueOf(retentionMs));
        }
        if (logAppendTime) {
            configs.put("message.timestamp.type", "LogAppendTime");
        }
        return Map.copyOf(configs);
    }

    /** The same topic with another partition count. */
    public TopicSpec withPartitions(int count) {
        return new TopicSpec(name, count, compacted, retentionMs, logAppendTime);
    }

    /** The same topic under another name. */
    public TopicSpec withName(String other) {
        return new TopicSpec(other, partitions, compacted, retentionMs, logAppendTime);
    }

    /** The same topic with another time retention. */
    public TopicSpec withRetention(long millis) {
        return new TopicSpec(name, partitions, compacted, millis, logAppendTime);
    }

    /** The same topic stamped on arrival by the broker ({@code true}) or by its writers ({@code false}). */
    public TopicSpec withLogAppendTime(boolean onArrival) {
        return new TopicSpec(name, partitions, compacted, retentionMs, onArrival);
    }
}
