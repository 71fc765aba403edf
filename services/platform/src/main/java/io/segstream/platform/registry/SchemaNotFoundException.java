package io.segstream.platform.registry;

import java.net.URI;

/** HTTP 404: the subject, version or schema does not exist; {@link #errorCode()} says which. */
public final class SchemaNotFoundException extends RegistryResponseException {

    /** The subject has no versions. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** The subject exists but not that version. */
    public static final int VERSION_NOT_FOUND = 40402;
    /** No schema with that id, or the schema is not registered under the subject. */
    public static final int SCHEMA_NOT_FOUND = 40403;

    SchemaNotFoundException(String message, URI uri, int httpStatus, int errorCode) {
        super(message, uri, httpStatus, errorCode);
    }
}
