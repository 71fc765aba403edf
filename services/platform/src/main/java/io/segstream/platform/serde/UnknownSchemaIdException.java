package io.segstream.platform.serde;

import io.segstream.platform.registry.SchemaNotFoundException;

/** The record's schema id is not in the registry. */
public final class UnknownSchemaIdException extends AvroSerdeException {

    private final int schemaId;

    UnknownSchemaIdException(int schemaId, SchemaNotFoundException cause) {
        super(SerdeFailure.UNKNOWN_SCHEMA_ID, "Schema id " + schemaId + " is not in the registry: "
                + cause.getMessage(), cause);
        this.schemaId = schemaId;
    }

    /** The id the record names. */
    public int schemaId() {
        return schemaId;
    }
}
