package io.segstream.core.invoice;

/**
 * Exact fixed-point money: amounts are {@code long}s scaled by 10^4 ("E4"), the scale of the Avro
 * {@code InvoiceLine.unitPrice} decimal, so 2.55 is 25_500 and sums never suffer binary rounding.
 */
public final class Money {

    /** Units of the scaled long per currency unit. */
    public static final long SCALE = 10_000L;

    /** Decimal places kept by {@link #SCALE}. */
    public static final int DECIMALS = 4;

    private Money() {
    }

    /**
     * Parses a plain decimal such as {@code 2.55}, {@code -11062.06} or {@code 18.0} into E4 units.
     * Hand-written because it runs once per row of large files; exponents and more than four decimals
     * are rejected instead of rounded so no amount is ever silently changed.
     *
     * @param text the decimal text, optionally signed
     * @param decimalSeparator '.' or ',' as used by the source
     * @return the amount times {@link #SCALE}
     * @throws NumberFormatException when the text is not a plain decimal with at most four decimals
     */
    public static long parseE4(CharSequence text, char decimalSeparator) {
        int n = text.length();
        int i = 0;
        boolean negative = false;
        if (n > 0 && (text.charAt(0) == '-' || text.charAt(0) == '+')) {
            negative = text.charAt(0) == '-';
            i = 1;
        }
        long units = 0;
        int digits = 0;
        int decimals = -1;
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (decimals >= 0) {
                    if (++decimals > DECIMALS) {
                        throw new NumberFormatException("more than " + DECIMALS + " decimals: " + text);
                    }
                }
                units = Math.addExact(Math.multiplyExact(units, 10), c - '0');
                digits++;
            } else if (c == decimalSeparator && decimals < 0) {
                decimals = 0;
            } else {
                throw new NumberFormatException("not a decimal number: '" + text + "'");
            }
        }
        if (digits == 0) {
            throw new NumberFormatException("not a decimal number: '" + text + "'");
        }
        for (int d = Math.max(decimals, 0); d < DECIMALS; d++) {
            units = Math.multiplyExact(units, 10);
        }
        return negative ? -units : units;
    }

    /** Converts E4 units to a double; exact to the last cent for any realistic amount. */
    public static double toDouble(long e4) {
        return e4 / (double) SCALE;
    }

    /** Formats E4 units as a plain decimal with four places, e.g. {@code -3.9000}. */
    public static String format(long e4) {
        String sign = e4 < 0 ? "-" : "";
        long abs = Math.abs(e4);
        return sign + abs / SCALE + "." + String.format("%04d", abs % SCALE);
    }
}
