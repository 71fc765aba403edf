package io.segstream.platform.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record that could not be turned into bytes or back. Extends Kafka's {@link SerializationException} so Kafka's
 * deserialization-exception handlers see it; {@link #reason()} lets them route the record to a dead-letter topic.
 */
public abstract sealed class AvroSerdeException extends SerializationException
        permits UnknownMagicByteException, UnknownSchemaIdException, UndecodableRecordException,
        RegistryUnavailableSerdeException, SchemaRejectedException {

    private final SerdeFailure reason;

    AvroSerdeException(SerdeFailure reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** The machine-readable reason. */
    public SerdeFailure reason() {
        return reason;
    }
}
