package io.segstream.platform.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.segstream.platform.registry.RegistryServerException;
import io.segstream.platform.registry.RegistryUnavailableException;
import io.segstream.platform.registry.SchemaRegistryClient;
import io.segstream.platform.registry.SchemaRegistryException;
import io.segstream.platform.registry.SubjectNames;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro specific records in the Confluent wire format, under the topic-name subject. The registry is asked
 * once per subject and schema; after that, serializing is local. Configured at construction, so
 * {@link #configure} is not needed. Thread-safe.
 *
 * @param <T> the generated Avro class
 */
public final class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private record SubjectSchema(String subject, Schema schema) {
    }

    private final SchemaRegistryClient registry;
    private final AvroSerdeConfig config;
    private final Map<SubjectSchema, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();

    /** Uses {@code registry} without owning it: closing this serializer leaves the client open. */
    public SpecificAvroSerializer(SchemaRegistryClient registry, AvroSerdeConfig config) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Returns the framed record, or {@code null} for a {@code null} record so tombstones stay tombstones.
     *
     * @throws SchemaRejectedException if the registry refuses the schema or, without auto-register, lacks it
     * @throws RegistryUnavailableSerdeException if the registry cannot be asked
     */
    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        Schema schema = data.getSchema();
        int id = schemaId(SubjectNames.forTopic(topic, config.isKey()), schema);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(WireFormat.header(id));
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writer(data).write(data, encoder);
            encoder.flush();
        } catch (IOException | AvroRuntimeException | NullPointerException | ClassCastException e) {
            // Avro reports a record that breaks its own schema (e.g. null in a non-null field) with these.
            throw new SerializationException("Cannot encode " + schema.getFullName() + " for topic '" + topic
                    + "': " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /**
     * The id under which {@link #serialize} frames records of {@code schema} for {@code topic}: registered or looked
     * up as {@code serialize} does, and cached. For writers that encode a known schema by hand.
     *
     * @throws SchemaRejectedException if the registry refuses the schema or, without auto-register, lacks it
     * @throws RegistryUnavailableSerdeException if the registry cannot be asked
     */
    public int schemaIdFor(String topic, Schema schema) {
        return schemaId(SubjectNames.forTopic(topic, config.isKey()), schema);
    }

    private int schemaId(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = ids.get(key);
        if (cached != null) {
            return cached;
        }
        int id = fetchSchemaId(subject, schema);
        ids.putIfAbsent(key, id);
        return id;
    }

    private int fetchSchemaId(String subject, Schema schema) {
        try {
            return config.autoRegister()
                    ? registry.register(subject, schema)
                    : registry.lookup(subject, schema).id();
        } catch (RegistryUnavailableException | RegistryServerException e) {
            throw new RegistryUnavailableSerdeException("Cannot get a schema id for subject '" + subject + "'", e);
        } catch (SchemaRegistryException e) {
            throw new SchemaRejectedException(subject, e);
        }
    }

    private DatumWriter<T> writer(T data) {
        // The class's own SpecificData carries its logical-type conversions (decimals, timestamps).
        return writers.computeIfAbsent(data.getSchema(),
                schema -> new SpecificDatumWriter<>(schema, SpecificData.getForClass(data.getClass())));
    }
}
