package io.segstream.core.cleaning;

import io.segstream.core.invoice.Money;
import java.util.Objects;

/**
 * Data-quality rules shared by the stream and the batch analysis.
 *
 * @param returns how cancellations and returns are applied
 * @param feesInMonetary whether fee and adjustment lines (postage, discounts, ...) count in monetary; the
 *     pandas reference keeps them, so the default is {@code true}
 * @param feesAsProducts whether fee codes count as distinct products; {@code false} by default because
 *     postage is not a product, {@code true} only to reproduce the pandas reference
 * @param dropDuplicateLines whether a line repeated exactly (code, description, quantity, price) within one
 *     invoice is removed
 * @param maxAbsQuantity largest accepted |quantity|
 * @param maxAbsUnitPriceE4 largest accepted |unit price| in {@link Money} E4 units
 */
public record CleaningPolicy(ReturnPolicy returns, boolean feesInMonetary, boolean feesAsProducts,
                             boolean dropDuplicateLines, long maxAbsQuantity, long maxAbsUnitPriceE4) {

    /** Default bound on |quantity|. */
    public static final long DEFAULT_MAX_ABS_QUANTITY = 1_000_000L;

    /** Default bound on |unit price|: 1,000,000 per unit. */
    public static final long DEFAULT_MAX_ABS_UNIT_PRICE_E4 = 1_000_000L * Money.SCALE;

    /** Validates the bounds. */
    public CleaningPolicy {
        Objects.requireNonNull(returns, "returns");
        if (maxAbsQuantity < 0 || maxAbsUnitPriceE4 < 0) {
            throw new IllegalArgumentException("bounds must not be negative");
        }
    }

    /** Production defaults: returns subtract, fees in monetary but not products, duplicates dropped. */
    public static CleaningPolicy defaults() {
        return new CleaningPolicy(ReturnPolicy.SUBTRACT, true, false, true, DEFAULT_MAX_ABS_QUANTITY,
                DEFAULT_MAX_ABS_UNIT_PRICE_E4);
    }

    /**
     * The rules of the pandas reference ({@code baseline_sklearn.py}): drop rows without customer and exact
     * duplicates, keep cancellations as negative amounts, keep fee codes everywhere, no bounds.
     */
    public static CleaningPolicy pandasEquivalent() {
        return new CleaningPolicy(ReturnPolicy.SUBTRACT, true, true, true, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    /** A copy with another return policy. */
    public CleaningPolicy withReturns(ReturnPolicy policy) {
        return new CleaningPolicy(policy, feesInMonetary, feesAsProducts, dropDuplicateLines, maxAbsQuantity,
                maxAbsUnitPriceE4);
    }

    /** A copy with fees counted in monetary or not. */
    public CleaningPolicy withFeesInMonetary(boolean included) {
        return new CleaningPolicy(returns, included, feesAsProducts, dropDuplicateLines, maxAbsQuantity,
                maxAbsUnitPriceE4);
    }
}
