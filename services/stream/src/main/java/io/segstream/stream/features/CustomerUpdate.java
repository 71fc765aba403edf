package io.segstream.stream.features;

import io.segstream.avro.CustomerFeatures;

/**
 * What the feature stage hands the scoring stage for one customer: the new features (null when the customer was
 * erased) and the assignment stored with the customer's state. The scoring stage sets the new assignment, which the
 * feature stage then writes back with the state in one {@link CustomerRecord}: processors of a task run one record
 * at a time, and Kafka Streams' {@code forward} returns only after the child has processed it.
 */
public final class CustomerUpdate {

    private final CustomerFeatures features;
    private final byte[] previousAssignment;
    private byte[] assignment;

    /**
     * @param features           the customer's new features, null when the customer was erased
     * @param previousAssignment the stored assignment bytes, null for none
     */
    public CustomerUpdate(CustomerFeatures features, byte[] previousAssignment) {
        this.features = features;
        this.previousAssignment = previousAssignment;
        this.assignment = previousAssignment;
    }

    /** The new features, null when the customer was erased. */
    public CustomerFeatures features() {
        return features;
    }

    /** The assignment stored before this update, null for none. */
    public byte[] previousAssignment() {
        return previousAssignment;
    }

    /** The assignment to store: the previous one until the scoring stage sets another. */
    public byte[] assignment() {
        return assignment;
    }

    /** Sets the assignment to store with the customer's state. */
    public void assign(byte[] encoded) {
        this.assignment = encoded;
    }
}
