package io.segstream.platform.serde;

import io.segstream.platform.registry.SchemaRegistryException;

/**
 * The serde needed the schema registry and could not use it: unreachable, timed out, a 5xx, or a refused client.
 * Not the record's fault, so it should be retried rather than dead-lettered.
 */
public final class RegistryUnavailableSerdeException extends AvroSerdeException {

    RegistryUnavailableSerdeException(String message, SchemaRegistryException cause) {
        super(SerdeFailure.REGISTRY_UNAVAILABLE, message + ": " + cause.getMessage(), cause);
    }
}
