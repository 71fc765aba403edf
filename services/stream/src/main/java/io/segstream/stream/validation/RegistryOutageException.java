package io.segstream.stream.validation;

import org.apache.kafka.streams.errors.StreamsException;

/**
 * The schema registry stayed unreachable for longer than the stream may wait while decoding a valid-looking record
 * (an invoice, or a model). Thrown out of the processor so that Kafka Streams stops the task: the open transaction is aborted, and the replaced
 * stream thread resumes from the last committed offset, so nothing is dead-lettered, skipped or counted twice
 * because of an outage.
 */
public final class RegistryOutageException extends StreamsException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what was being decoded, and for how long the registry was waited for
     * @param cause the last registry failure
     */
    public RegistryOutageException(String message, Throwable cause) {
        super(message, cause);
    }
}
