package io.segstream.stream.validation;

/**
 * Limits beyond which an invoice is treated as malformed rather than as business. The defaults are far outside the
 * Online Retail data (largest |quantity| 80,995, largest price 38,970) but catch unit mix-ups and corrupt producers.
 *
 * @param maxAbsQuantity  largest accepted |quantity| of a line
 * @param maxAbsUnitPrice largest accepted |unit price| of a line
 * @param maxFutureMillis how far an invoice may lie ahead of stream time (clock skew allowance)
 * @param maxPastMillis   how far an invoice may lie behind stream time (a late invoice); any time before 1970 is
 *                        refused as well
 * @param maxTextLength   longest accepted text field, in chars (Online Retail's longest description has 35)
 */
public record InvoiceBounds(int maxAbsQuantity, double maxAbsUnitPrice, long maxFutureMillis, long maxPastMillis,
                            int maxTextLength) {

    /**
     * Defaults: 1,000,000 units, 1,000,000 per unit, one day ahead of stream time, ten years (3,653 days) behind it,
     * 1,000 chars per text field.
     */
    public static final InvoiceBounds DEFAULT = new InvoiceBounds(1_000_000, 1_000_000.0, 86_400_000L,
            3_653L * 86_400_000L, 1_000);

    public InvoiceBounds {
        if (maxAbsQuantity <= 0 || maxAbsUnitPrice <= 0 || maxFutureMillis < 0 || maxPastMillis < 0
                || maxTextLength <= 0) {
            throw new IllegalArgumentException("Invoice bounds must be positive: " + maxAbsQuantity + ", "
                    + maxAbsUnitPrice + ", " + maxFutureMillis + ", " + maxPastMillis + ", " + maxTextLength);
        }
    }
}
