package io.segstream.stream.features;

import io.segstream.avro.CustomerAssignment;
import io.segstream.avro.CustomerFeatures;

/**
 * What the feature stage hands the scoring stage for one customer. The scoring stage scores {@code features}
 * against {@code record}'s assignment and writes {@code record} back with its new assignment, so the store gets one
 * write per invoice; the feature stage writes the record itself only when there is no scoring stage.
 *
 * @param features the customer's new features; null when the customer was erased
 * @param record   the customer's record as the feature stage leaves it: the new state with the assignment stored
 *                 before this update; for an erasure, the deleted record (null when there was none)
 */
public record CustomerUpdate(CustomerFeatures features, CustomerRecord record) {

    /** The assignment stored before this update, null for none. */
    public CustomerAssignment previousAssignment() {
        return record == null ? null : record.assignment();
    }
}
