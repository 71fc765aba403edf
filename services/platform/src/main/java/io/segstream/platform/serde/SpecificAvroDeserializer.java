package io.segstream.platform.serde;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.segstream.platform.registry.SchemaNotFoundException;
import io.segstream.platform.registry.SchemaRegistryClient;
import io.segstream.platform.registry.SchemaRegistryException;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire-format records into an Avro specific class. The writer schema comes from the registry by the
 * id in the record, and Avro schema resolution maps it onto the class's schema, so records written with an older
 * or newer compatible schema read fine (fields the writer lacks get their defaults). Configured at construction,
 * so {@link #configure} is not needed. Thread-safe.
 *
 * @param <T> the generated Avro class
 */
public final class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final SchemaRegistryClient registry;
    private final Class<T> type;
    private final Schema readerSchema;
    private final SpecificData model;
    private final Map<Integer, DatumReader<T>> readersByWriterId = new ConcurrentHashMap<>();
    private final Map<Integer, Boolean> exactByWriterId = new ConcurrentHashMap<>();

    /** Uses {@code registry} without owning it: closing this deserializer leaves the client open. */
    public SpecificAvroDeserializer(SchemaRegistryClient registry, Class<T> type) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.type = Objects.requireNonNull(type, "type");
        this.model = SpecificData.getForClass(type);
        this.readerSchema = model.getSchema(type);
    }

    /**
     * Returns the decoded record, or {@code null} for {@code null} bytes (a tombstone).
     *
     * @throws UnknownMagicByteException if the record is not in the Confluent wire format
     * @throws UndecodableRecordException if it is truncated or its payload does not decode
     * @throws UnknownSchemaIdException if the registry does not know its schema id
     * @throws RegistryUnavailableSerdeException if the registry cannot be asked for the writer schema
     */
    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        WireFormat.Header header = WireFormat.parseHeader(data);
        DatumReader<T> reader = reader(header.schemaId());
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, header.payloadOffset(),
                data.length - header.payloadOffset(), null);
        try {
            return reader.read(null, decoder);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException e) {
            // Corrupt Avro shows up as any of these, depending on where the bytes go wrong.
            throw new UndecodableRecordException("Cannot decode " + type.getSimpleName() + " from topic '" + topic
                    + "' with writer schema id " + header.schemaId() + ": " + e, e);
        }
    }

    /**
     * Whether records framed with schema id {@code writerId} were written with exactly this deserializer's reader
     * schema, so that a decoder which knows that schema may read them field by field without schema resolution.
     * False when they were not, or when the registry cannot tell now (not remembered: asked again next time).
     */
    public boolean writtenWithReaderSchema(int writerId) {
        Boolean known = exactByWriterId.get(writerId);
        if (known != null) {
            return known;
        }
        try {
            boolean exact = writerSchema(writerId).equals(readerSchema);
            exactByWriterId.put(writerId, exact);
            return exact;
        } catch (AvroSerdeException e) {
            return false;
        }
    }

    private DatumReader<T> reader(int writerId) {
        DatumReader<T> cached = readersByWriterId.get(writerId);
        if (cached != null) {
            return cached;
        }
        // SpecificDatumReader keeps its resolving decoders per thread, so one instance serves all threads.
        DatumReader<T> reader = new SpecificDatumReader<>(writerSchema(writerId), readerSchema, model);
        DatumReader<T> raced = readersByWriterId.putIfAbsent(writerId, reader);
        return raced != null ? raced : reader;
    }

    private Schema writerSchema(int id) {
        try {
            return registry.schemaById(id);
        } catch (SchemaNotFoundException e) {
            throw new UnknownSchemaIdException(id, e);
        } catch (SchemaRegistryException e) {
            // Whatever else went wrong (down, 5xx, auth) is not this record's fault: do not dead-letter it.
            throw new RegistryUnavailableSerdeException("Cannot fetch writer schema id " + id, e);
        } catch (SchemaParseException e) {
            throw new UndecodableRecordException("Schema id " + id + " is not an Avro schema: " + e.getMessage(), e);
        }
    }
}
