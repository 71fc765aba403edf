package io.segstream.stream.health;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The input record a stream task failed on.
 *
 * @param taskId    Kafka Streams task id, e.g. {@code 0_1}
 * @param topic     source topic
 * @param partition source partition
 * @param offset    offset of the record
 */
public record RecordPosition(String taskId, String topic, int partition, long offset) {

    // Kafka Streams 4.x StreamTask wraps a processing failure in a StreamsException with this message.
    private static final Pattern PROCESS_FAILURE = Pattern.compile(
            "taskId=(\\S+), processor=.*?, topic=(\\S+), partition=(\\d+), offset=(\\d+)");

    /** The record named by {@code failure} or one of its causes, if Kafka Streams named one. */
    public static Optional<RecordPosition> of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Matcher m = t.getMessage() == null ? null : PROCESS_FAILURE.matcher(t.getMessage());
            if (m != null && m.find()) {
                return Optional.of(new RecordPosition(m.group(1), m.group(2), Integer.parseInt(m.group(3)),
                        Long.parseLong(m.group(4))));
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "task " + taskId + " " + topic + "-" + partition + "@" + offset;
    }
}
