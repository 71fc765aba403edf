package io.segstream.platform.topics;

import java.util.Objects;

import org.apache.kafka.common.serialization.Serde;

/**
 * A topic name with the serdes of its keys and values, so a topology and its tests agree on both.
 *
 * @param name       topic name
 * @param keySerde   serde of the record keys
 * @param valueSerde serde of the record values
 * @param <K>        key type
 * @param <V>        value type
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
    }
}
