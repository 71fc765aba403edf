package io.segstream.core.cleaning;

/**
 * The single outcome of cleaning one invoice; checked in declaration order, first match wins, so every
 * invoice lands in exactly one outcome.
 */
public enum Outcome {
    /** No customer id: cannot be attributed to anyone. */
    NOT_SEGMENTABLE,
    /** A quantity or unit price beyond the policy bounds, or no lines at all. */
    INVALID,
    /** A cancellation or return ({@link io.segstream.core.invoice.Invoice#isCancellation()}). */
    RETURN,
    /** A normal purchase. */
    ACCEPTED
}
