package io.segstream.stream.validation;

import io.segstream.avro.InvoiceEvent;

/** The outcome of decoding and checking one input record: an invoice to process, or a rejection. */
public sealed interface Decoded {

    /** A well-formed invoice. */
    record Accepted(InvoiceEvent invoice) implements Decoded {
    }

    /** An input that goes to the dead-letter topic. */
    record Rejected(Rejection rejection) implements Decoded {
    }

    /** Shorthand for a rejection. */
    static Decoded reject(RejectReason reason, String detail) {
        return new Rejected(new Rejection(reason, detail));
    }
}
