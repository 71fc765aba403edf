package io.segstream.core.cleaning;

/** What a cancellation or return does to a customer's features. */
public enum ReturnPolicy {
    /** Applied like any invoice: counts as an invoice and its negative amounts reduce monetary (pandas reference). */
    SUBTRACT,
    /** Not applied at all: neither frequency nor monetary nor dates change. */
    IGNORE
}
