package io.segstream.core.invoice;

import java.util.Set;

/** Classification of stock codes into products and non-product fees or adjustments. */
public final class ProductCodes {

    /**
     * Fee and adjustment codes of the UCI Online Retail data (postage, manual, carriage, discount, samples,
     * bank charges, marketplace fees, commissions, bad-debt adjustments). Case matters: both {@code M} and
     * {@code m} occur. {@code DCGS*} and {@code gift_0001_*} are deliberately absent: they are vouchers and
     * bundles that customers buy like products.
     */
    public static final Set<String> FEE_CODES = Set.of(
            "POST", "DOT", "M", "C2", "D", "S", "BANK CHARGES", "AMAZONFEE", "CRUK", "PADS", "B", "m");

    private ProductCodes() {
    }

    /** Whether the stock code is a fee or adjustment rather than a product. */
    public static boolean isFee(String stockCode) {
        return FEE_CODES.contains(stockCode);
    }
}
