package io.segstream.stream.features;

import io.segstream.avro.CustomerAssignment;

/**
 * A customer's record, the value of the {@link FeatureStores#CUSTOMER_STATE} store: what the feature stage keeps
 * (the customer's state) and what the scoring stage keeps (the segment assignment), in one value so that an invoice
 * costs one store read, one store write and one changelog record. Both stages read and write it through
 * {@link CustomerRecordCodec}, its one binary form.
 *
 * @param state      the {@code CustomerState} encoding (bytes, since only the feature stage decodes it)
 * @param assignment the scoring stage's assignment with the features it was scored on; null before the customer
 *                   was scored
 */
public record CustomerRecord(byte[] state, CustomerAssignment assignment) {

    /** Requires the state. */
    public CustomerRecord {
        if (state == null) {
            throw new IllegalArgumentException("a customer record needs its state");
        }
    }

    /** The same record with {@code next} as its assignment. */
    public CustomerRecord withAssignment(CustomerAssignment next) {
        return new CustomerRecord(state, next);
    }
}
