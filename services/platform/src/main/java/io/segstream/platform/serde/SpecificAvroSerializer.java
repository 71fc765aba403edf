package io.segstream.platform.serde;

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

    /** Each thread's output buffer and its encoder, reused from record to record. */
    private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);

    private static final class Buffer {
        private final ByteSink bytes = new ByteSink();
        private final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
    }

    /** The header last written for a topic and schema; never modified once built. */
    private record Framing(String topic, Schema schema, byte[] header) {
    }

    private final SchemaRegistryClient registry;
    private final AvroSerdeConfig config;
    private final Map<SubjectSchema, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();
    private final AvroBodyWriter<T> body;
    private volatile Framing last;

    /** Uses {@code registry} without owning it: closing this serializer leaves the client open. */
    public SpecificAvroSerializer(SchemaRegistryClient registry, AvroSerdeConfig config) {
        this(registry, config, null);
    }

    /**
     * A serializer that encodes records of {@code body}'s schema with {@code body} instead of Avro's datum writer
     * (null: always the datum writer); the bytes are the same.
     */
    public SpecificAvroSerializer(SchemaRegistryClient registry, AvroSerdeConfig config, AvroBodyWriter<T> body) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.config = Objects.requireNonNull(config, "config");
        this.body = body;
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
        Buffer buffer = BUFFERS.get();
        ByteSink out = buffer.bytes;
        out.reset();
        byte[] header = header(topic, schema);
        out.write(header, 0, header.length);
        BinaryEncoder encoder = buffer.encoder;
        try {
            if (body != null && schema == body.schema()) {
                body.write(data, encoder);
            } else {
                writer(data).write(data, encoder);
            }
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

    /**
     * The wire-format header of records of {@code schema} on {@code topic}; the last one is kept, since a serializer
     * almost always writes one schema to one topic, which spares a subject name, a map lookup and an array per record.
     */
    private byte[] header(String topic, Schema schema) {
        Framing framing = last;
        if (framing != null && framing.schema() == schema && framing.topic().equals(topic)) {
            return framing.header();
        }
        byte[] header = WireFormat.header(schemaId(SubjectNames.forTopic(topic, config.isKey()), schema));
        last = new Framing(topic, schema, header);
        return header;
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
