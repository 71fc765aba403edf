package io.segstream.platform.registry;

import java.net.URI;

/** No answer: the registry refused the connection, did not respond within the timeout, or the call was interrupted. */
public final class RegistryUnavailableException extends SchemaRegistryException {

    RegistryUnavailableException(String message, URI uri, Throwable cause) {
        super(message, uri, cause);
    }
}
