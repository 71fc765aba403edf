package io.segstream.platform.registry;

import java.net.URI;

/** A 5xx, or a success status with a body that is not the documented JSON: the registry itself is broken. */
public final class RegistryServerException extends RegistryResponseException {

    RegistryServerException(String message, URI uri, int httpStatus, int errorCode) {
        super(message, uri, httpStatus, errorCode);
    }
}
