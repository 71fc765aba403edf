package io.segstream.platform.registry;

import java.net.URI;

/** The registry answered, with an error status; carries the status and the registry's own error code. */
public abstract sealed class RegistryResponseException extends SchemaRegistryException
        permits IncompatibleSchemaException, SchemaNotFoundException, RegistryRequestException,
        RegistryServerException {

    private final int httpStatus;
    private final int errorCode;

    RegistryResponseException(String message, URI uri, int httpStatus, int errorCode) {
        super(message, uri, null);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    /** The HTTP status code of the response. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The registry's {@code error_code}, e.g. 40401; 0 when the response carried none. */
    public int errorCode() {
        return errorCode;
    }
}
