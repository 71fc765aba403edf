package io.segstream.stream.api;

import io.segstream.core.features.Features;

/**
 * One customer's features as the query API returns them (JSON).
 *
 * @param customerId  customer id
 * @param asOf        reference time, ISO-8601
 * @param features    the features at {@code asOf}
 * @param servedBy    {@code host:port} of the instance that owns the customer
 */
public record CustomerView(String customerId, String asOf, Features features, String servedBy) {
}
