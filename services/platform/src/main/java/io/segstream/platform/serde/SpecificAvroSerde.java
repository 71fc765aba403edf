package io.segstream.platform.serde;

import java.util.Map;
import java.util.Objects;

import io.segstream.platform.registry.SchemaRegistryClient;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro specific records in the Confluent wire format with schemas in a Confluent-compatible registry, for
 * producers, consumers and Kafka Streams. Configured at construction, so {@link #configure} is not needed.
 *
 * <pre>{@code
 * var serde = SpecificAvroSerde.create(InvoiceEvent.class, AvroSerdeConfig.forValues(registryUrl));
 * }</pre>
 *
 * @param <T> the generated Avro class
 */
public final class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final SchemaRegistryClient registry;
    private final boolean ownsRegistry;
    private final SpecificAvroSerializer<T> serializer;
    private final SpecificAvroDeserializer<T> deserializer;

    private SpecificAvroSerde(Class<T> type, SchemaRegistryClient registry, boolean ownsRegistry,
            AvroSerdeConfig config, AvroBodyWriter<T> body) {
        this.registry = registry;
        this.ownsRegistry = ownsRegistry;
        this.serializer = new SpecificAvroSerializer<>(registry, config, body);
        this.deserializer = new SpecificAvroDeserializer<>(registry, type);
    }

    /** A serde with its own registry client, closed with the serde. */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> create(Class<T> type, AvroSerdeConfig config) {
        return create(type, config, null);
    }

    /**
     * A serde with its own registry client whose serializer encodes with {@code body} (null: Avro's datum writer).
     */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> create(Class<T> type, AvroSerdeConfig config,
            AvroBodyWriter<T> body) {
        return new SpecificAvroSerde<>(type, SchemaRegistryClient.create(config.registry()), true, config, body);
    }

    /** A serde built from Kafka client properties; see {@link AvroSerdeConfig#fromMap}. */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> create(Class<T> type, Map<String, ?> configs,
            boolean isKey) {
        return create(type, AvroSerdeConfig.fromMap(configs, isKey));
    }

    /**
     * A serde sharing {@code registry} (and its schema cache) with other serdes; the caller closes the client.
     * The registry location in {@code config} is ignored in favour of the client's.
     */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> using(Class<T> type, SchemaRegistryClient registry,
            AvroSerdeConfig config) {
        return new SpecificAvroSerde<>(type, Objects.requireNonNull(registry, "registry"), false, config, null);
    }

    @Override
    public SpecificAvroSerializer<T> serializer() {
        return serializer;
    }

    @Override
    public SpecificAvroDeserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        if (ownsRegistry) {
            registry.close();
        }
    }
}
