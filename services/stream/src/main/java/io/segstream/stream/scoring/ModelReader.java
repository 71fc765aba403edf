package io.segstream.stream.scoring;

import java.util.Arrays;
import java.util.function.Consumer;

import io.segstream.avro.SegmentModel;
import io.segstream.platform.serde.RegistryUnavailableSerdeException;
import io.segstream.stream.validation.RegistryOutageException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Reads one model name's latest record from the global models store and decodes it when its bytes changed: what
 * scoring's {@link ModelHolder} and the feature stage's lifetime values both need. A record that does not decode is
 * passed to a handler once; a record that cannot be decoded only because the schema registry is down stops the task
 * (a {@link RegistryOutageException}) and is read again when it resumes. One per task; not thread-safe.
 */
public final class ModelReader {

    private final String modelName;
    private final String modelsTopic;
    private final Deserializer<SegmentModel> deserializer;
    private byte[] seenBytes;

    /**
     * @param modelName    key of the model on the models topic
     * @param modelsTopic  the models topic (the deserializer's subject)
     * @param deserializer decoder of model records
     */
    public ModelReader(String modelName, String modelsTopic, Deserializer<SegmentModel> deserializer) {
        this.modelName = modelName;
        this.modelsTopic = modelsTopic;
        this.deserializer = deserializer;
    }

    /** The models topic, for messages. */
    public String modelsTopic() {
        return modelsTopic;
    }

    /** Forgets the bytes seen, so the next {@link #changed} decodes whatever the store holds. */
    public void reset() {
        seenBytes = null;
    }

    /**
     * The model when the store's record changed since the last call, else null.
     *
     * @param models      the global models store
     * @param purpose     what the model is read for, in the outage message
     * @param undecodable gets the error of a record that does not decode (once per record)
     * @throws RegistryOutageException when the registry is down; the record is not marked as seen
     */
    public SegmentModel changed(KeyValueStore<String, byte[]> models, String purpose,
                                Consumer<RuntimeException> undecodable) {
        byte[] bytes = models.get(modelName);
        if (bytes == null || Arrays.equals(bytes, seenBytes)) {
            return null;
        }
        try {
            SegmentModel model = deserializer.deserialize(modelsTopic, bytes);
            seenBytes = bytes;
            return model;
        } catch (RegistryUnavailableSerdeException e) {
            throw new RegistryOutageException("Schema registry unavailable while decoding model " + modelName
                    + " of " + modelsTopic + " " + purpose + "; stopping the task, which resumes from its last commit",
                    e);
        } catch (RuntimeException e) {
            seenBytes = bytes;
            undecodable.accept(e);
            return null;
        }
    }
}
