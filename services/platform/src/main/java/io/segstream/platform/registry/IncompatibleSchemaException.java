package io.segstream.platform.registry;

import java.net.URI;

/** HTTP 409: the schema breaks the compatibility level of its subject, so the registry refused it. */
public final class IncompatibleSchemaException extends RegistryResponseException {

    private final String subject;

    IncompatibleSchemaException(String message, URI uri, int httpStatus, int errorCode, String subject) {
        super(message, uri, httpStatus, errorCode);
        this.subject = subject;
    }

    /** The subject whose compatibility rule was violated. */
    public String subject() {
        return subject;
    }
}
