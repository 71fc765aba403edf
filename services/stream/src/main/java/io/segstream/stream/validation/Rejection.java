package io.segstream.stream.validation;

import java.util.Objects;

/**
 * An input that cannot be used, with the reason code and a human-readable explanation.
 *
 * @param reason machine-readable reason
 * @param detail what exactly was wrong, e.g. the field name and value
 */
public record Rejection(RejectReason reason, String detail) {

    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }
}
