package io.segstream.stream.validation;

/** Why an input record went to the dead-letter topic. The name is the {@code reason} field of the dead letter. */
public enum RejectReason {
    /** The value is not a decodable Avro record in the Confluent wire format, or not valid JSON. */
    UNDECODABLE,
    /** The value names a schema id the registry does not know. */
    UNKNOWN_SCHEMA_ID,
    /**
     * No longer emitted: an unreachable registry makes the intake wait and then stop the task (see
     * {@code segstream.registry.patience}), never dead-letter a valid record. Kept so older dead letters still read.
     */
    REGISTRY_UNAVAILABLE,
    /** The record has no value (a tombstone on an event topic). */
    NULL_VALUE,
    /** A required field is missing or blank. */
    MISSING_FIELD,
    /** The invoice has no lines. */
    EMPTY_INVOICE,
    /** The record key is not the invoice's customer id, so per-customer state would land on the wrong partition. */
    KEY_MISMATCH,
    /** A line's quantity is beyond the configured bound. */
    QUANTITY_OUT_OF_BOUNDS,
    /** A line's unit price is negative or beyond the configured bound. */
    PRICE_OUT_OF_BOUNDS,
    /** The invoice time lies further ahead of the wall clock than allowed ({@code segstream.intake.max-future}). */
    FUTURE_TIME,
    /** The cleaning policy's own bounds refused the invoice. */
    INVALID_VALUES,
    /**
     * The invoice time is before the earliest accepted ({@code segstream.intake.min-time}, 1970), or further behind
     * stream time than any late invoice could be.
     */
    PAST_TIME,
    /** A text field (invoice number, customer, country, stock code, description) is longer than allowed. */
    FIELD_TOO_LONG,
    /** The invoice has more lines than allowed ({@code segstream.intake.max-lines}). */
    TOO_MANY_LINES,
    /** The invoice's total is beyond the allowed amount ({@code segstream.intake.max-invoice-total}). */
    AMOUNT_OUT_OF_BOUNDS,
    /**
     * Processing the record raised an exception no check foresaw; the detail names the exception and the processor.
     * The safety net under every processor ({@code DeadLetterNet}) gives it, so no record can stop a partition.
     */
    PROCESSING_ERROR,
    /** An output this record caused could not be written (too large for the topic, or not serializable). */
    OUTPUT_FAILED
}
