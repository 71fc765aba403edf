package io.segstream.app.synthetic;

import java.time.Instant;
import java.util.Objects;

/**
 * What to generate.
 *
 * @param customers number of customers, at least 1
 * @param seed random seed; equal options generate equal invoices
 * @param start event time of the earliest possible first purchase
 * @param model behaviour to draw from
 */
public record SyntheticOptions(int customers, long seed, Instant start, SyntheticPopulation model) {

    /**
     * Default start: the day after the UCI Online Retail data ends, so synthetic invoices continue its history
     * and sit in the past, where brokers accept them (Kafka rejects timestamps too far in the future).
     */
    public static final Instant DEFAULT_START = Instant.parse("2011-12-10T00:00:00Z");

    /** Validates the customer count. */
    public SyntheticOptions {
        if (customers < 1) {
            throw new IllegalArgumentException("customers must be at least 1, got " + customers);
        }
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(model, "model");
    }

    /** Options with the Online Retail model and the default start. */
    public static SyntheticOptions of(int customers, long seed) {
        return new SyntheticOptions(customers, seed, DEFAULT_START, FittedPopulations.ONLINE_RETAIL);
    }
}
