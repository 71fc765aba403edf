package io.segstream.stream.validation;

/**
 * Limits beyond which an invoice is treated as malformed rather than as business. The defaults are far outside the
 * Online Retail data (largest |quantity| 80,995, largest price 38,970) but catch unit mix-ups and corrupt producers.
 *
 * @param maxAbsQuantity  largest accepted |quantity| of a line
 * @param maxAbsUnitPrice largest accepted |unit price| of a line
 * @param maxFutureMillis how far an invoice may lie ahead of stream time (clock skew allowance)
 */
public record InvoiceBounds(int maxAbsQuantity, double maxAbsUnitPrice, long maxFutureMillis) {

    /** Defaults: 1,000,000 units, 1,000,000 per unit, one day ahead of stream time. */
    public static final InvoiceBounds DEFAULT = new InvoiceBounds(1_000_000, 1_000_000.0, 86_400_000L);

    public InvoiceBounds {
        if (maxAbsQuantity <= 0 || maxAbsUnitPrice <= 0 || maxFutureMillis < 0) {
            throw new IllegalArgumentException("Invoice bounds must be positive: " + maxAbsQuantity + ", "
                    + maxAbsUnitPrice + ", " + maxFutureMillis);
        }
    }
}
