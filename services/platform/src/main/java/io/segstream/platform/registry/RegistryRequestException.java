package io.segstream.platform.registry;

import java.net.URI;

/** Any other 4xx: the request itself was wrong (invalid schema, unknown compatibility level, ...). */
public final class RegistryRequestException extends RegistryResponseException {

    RegistryRequestException(String message, URI uri, int httpStatus, int errorCode) {
        super(message, uri, httpStatus, errorCode);
    }
}
