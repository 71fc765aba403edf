package io.segstream.stream.validation;

import java.time.Duration;

import io.segstream.platform.serde.AvroSerdeException;
import io.segstream.platform.serde.RegistryRetry;
import io.segstream.platform.serde.RegistryUnavailableSerdeException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intakes' one way to decode an Avro record: a registry outage is waited out (with backoff, up to the patience,
 * then the task stops with a {@link RegistryOutageException} so that it resumes from its last commit), and anything
 * wrong with the bytes themselves becomes a {@link Rejection} for the dead letters. A transient outage therefore never
 * turns a valid record into a dead letter.
 *
 * @param <T> the decoded type
 */
public final class PatientAvroDecoder<T> {

    private static final Logger LOG = LoggerFactory.getLogger(PatientAvroDecoder.class);

    private final Deserializer<T> deserializer;
    private final Duration patience;
    private final IntakeCounters counters;

    /** The result: the record, or why it was rejected. */
    public record Result<T>(T value, Rejection rejection) {
    }

    public PatientAvroDecoder(Deserializer<T> deserializer, Duration patience, IntakeCounters counters) {
        this.deserializer = deserializer;
        this.patience = patience;
        this.counters = counters;
    }

    /**
     * @param topic the record's topic (the subject)
     * @param where the record's position, for messages
     * @throws RegistryOutageException when the registry stays unavailable for the patience, or on interruption
     */
    public Result<T> decode(String topic, byte[] value, String where) {
        try {
            return new Result<>(RegistryRetry.call(() -> deserializer.deserialize(topic, value), patience,
                    (failure, backoff) -> {
                        counters.registryRetry();
                        LOG.warn("Schema registry unavailable ({}); retrying {} in {} ms", failure.getMessage(), where,
                                backoff);
                    }), null);
        } catch (RegistryUnavailableSerdeException e) {
            throw new RegistryOutageException("Schema registry unavailable for " + patience + " while decoding a"
                    + " record of " + where + "; stopping the task, which resumes from its last commit", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryOutageException("Interrupted while waiting for the schema registry", e);
        } catch (AvroSerdeException e) {
            RejectReason reason = switch (e.reason()) {
                case UNKNOWN_SCHEMA_ID -> RejectReason.UNKNOWN_SCHEMA_ID;
                case REGISTRY_UNAVAILABLE -> throw new IllegalStateException("handled above", e);
                case UNKNOWN_MAGIC_BYTE, UNDECODABLE, SCHEMA_REJECTED -> RejectReason.UNDECODABLE;
            };
            return new Result<>(null, new Rejection(reason, e.reason() + ": " + e.getMessage()));
        } catch (RuntimeException e) {
            // Avro throws assorted unchecked exceptions on corrupt payloads; none of them may stop the stream.
            return new Result<>(null, new Rejection(RejectReason.UNDECODABLE,
                    e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }
}
