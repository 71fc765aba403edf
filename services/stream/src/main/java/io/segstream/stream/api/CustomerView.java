package io.segstream.stream.api;

import io.segstream.core.features.Features;

/**
 * One customer's features as the query API returns them (JSON).
 *
 * @param customerId  customer id
 * @param asOf        reference time, ISO-8601
 * @param features    the features at {@code asOf}
 * @param segment     the current segment, null before the first model
 * @param lifetime    lifetime values at {@code asOf}, null without purchase days or a model that carries them
 * @param servedBy    {@code host:port} of the instance that owns the customer
 */
public record CustomerView(String customerId, String asOf, Features features, SegmentView segment,
                           LifetimeView lifetime, String servedBy) {

    /**
     * A customer's lifetime values under the newest model this instance read.
     *
     * @param pAlive            probability that the customer is still active
     * @param expectedPurchases expected purchase days in the next {@code outlookDays}
     * @param outlookDays       horizon of {@code expectedPurchases}
     * @param lifetimeValue     discounted expected spend over {@code horizonMonths}
     * @param horizonMonths     horizon of {@code lifetimeValue}
     * @param modelVersion      version of the model that carried the lifetime-value fit
     */
    public record LifetimeView(double pAlive, double expectedPurchases, int outlookDays, double lifetimeValue,
                               int horizonMonths, long modelVersion) {
    }

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
