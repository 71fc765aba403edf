package io.segstream.stream.api;

import io.segstream.core.features.Features;

/**
 * One customer's features as the query API returns them (JSON).
 *
 * @param customerId  customer id
 * @param asOf        reference time, ISO-8601
 * @param features    the features at {@code asOf}
 * @param segment     the current segment, null before the first model
 * @param servedBy    {@code host:port} of the instance that owns the customer
 */
public record CustomerView(String customerId, String asOf, Features features, SegmentView segment, String servedBy) {

    /**
     * A customer's current segment.
     *
     * @param customerId   customer id
     * @param segmentId    stable segment id
     * @param segmentName  segment name
     * @param modelVersion version of the model that assigned it
     */
    public record SegmentView(String customerId, int segmentId, String segmentName, long modelVersion) {
    }
}
