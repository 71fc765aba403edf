package io.segstream.stream.erasure;

/**
 * A checked erasure request on its way to the customer's state: the customer is the record key.
 *
 * @param requestedAtMillis when it was requested; invoices timestamped before it never bring the customer back
 */
public record Erasure(long requestedAtMillis) {
}
