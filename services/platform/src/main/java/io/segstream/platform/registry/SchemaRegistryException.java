package io.segstream.platform.registry;

import java.net.URI;

/**
 * Any failure talking to the schema registry. The subtypes tell a caller what to do: fix the schema
 * ({@link IncompatibleSchemaException}), register it first ({@link SchemaNotFoundException}), fix the request
 * ({@link RegistryRequestException}) or retry later ({@link RegistryServerException},
 * {@link RegistryUnavailableException}).
 */
public abstract sealed class SchemaRegistryException extends RuntimeException
        permits RegistryResponseException, RegistryUnavailableException {

    private final URI uri;

    SchemaRegistryException(String message, URI uri, Throwable cause) {
        super(message, cause);
        this.uri = uri;
    }

    /** The registry URL that was called. */
    public URI uri() {
        return uri;
    }
}
