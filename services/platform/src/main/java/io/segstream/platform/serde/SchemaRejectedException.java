package io.segstream.platform.serde;

import io.segstream.platform.registry.SchemaRegistryException;

/**
 * The serializer could not get an id for the record's schema: the registry rejected it as incompatible or invalid,
 * or, with auto-registration off, the schema is not registered under the subject.
 */
public final class SchemaRejectedException extends AvroSerdeException {

    private final String subject;

    SchemaRejectedException(String subject, SchemaRegistryException cause) {
        super(SerdeFailure.SCHEMA_REJECTED, "No schema id for subject '" + subject + "': " + cause.getMessage(),
                cause);
        this.subject = subject;
    }

    /** The subject the schema was registered or looked up under. */
    public String subject() {
        return subject;
    }
}
