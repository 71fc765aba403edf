package io.segstream.platform.registry;

/**
 * The topic-name subject strategy: the schemas of a topic's values live under {@code <topic>-value} and those of its
 * keys under {@code <topic>-key}, so every topic evolves its schemas independently.
 */
public final class SubjectNames {

    private SubjectNames() {
    }

    /** Returns {@code <topic>-value}. */
    public static String valueSubject(String topic) {
        return forTopic(topic, false);
    }

    /** Returns {@code <topic>-key}. */
    public static String keySubject(String topic) {
        return forTopic(topic, true);
    }

    /** Returns the key or value subject of {@code topic}. */
    public static String forTopic(String topic, boolean isKey) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("A subject needs a topic name, got '" + topic + "'");
        }
        return topic + (isKey ? "-key" : "-value");
    }
}
