package io.segstream.stream.validation;

import org.apache.kafka.streams.errors.StreamsException;

/**
 * The schema registry stayed unreachable for longer than the stream may wait while decoding a valid-looking record.
 * Thrown out of the intake so that Kafka Streams stops the task: the open transaction is aborted, and the replaced
 * stream thread resumes from the last committed offset, so nothing is dead-lettered, skipped or counted twice
 * because of an outage.
 */
public final class RegistryOutageException extends StreamsException {

    private static final long serialVersionUID = 1L;

    RegistryOutageException(String message, Throwable cause) {
        super(message, cause);
    }
}
