package io.segstream.core.invoice;

import java.util.Objects;

/**
 * One line of an invoice as the shop recorded it.
 *
 * @param stockCode product code; fee and adjustment codes are recognised by {@link ProductCodes#isFee}
 * @param description product description, {@code null} when the source has none
 * @param quantity units; negative on cancellations and returns
 * @param unitPriceE4 unit price in {@link Money} E4 units (price x 10^4, exact)
 */
public record InvoiceLine(String stockCode, String description, int quantity, long unitPriceE4) {

    /** Validates the stock code. */
    public InvoiceLine {
        Objects.requireNonNull(stockCode, "stockCode");
    }

    /** Line amount, quantity x unit price, in E4 units; overflow throws rather than wraps. */
    public long amountE4() {
        return Math.multiplyExact(quantity, unitPriceE4);
    }
}
