package io.segstream.stream.validation;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

import io.segstream.core.invoice.Money;
import io.segstream.platform.config.SegstreamConfig;

/**
 * Limits beyond which an invoice is treated as malformed rather than as business, each a setting
 * ({@code segstream.intake.*}). The defaults are far outside the Online Retail data (largest |quantity| 80,995,
 * largest price 38,970, most lines on one invoice 1,114, largest invoice 168,470) but catch unit mix-ups, corrupt
 * producers, and values that are well-formed yet would break arithmetic or memory further on.
 *
 * @param maxAbsQuantity    largest accepted |quantity| of a line
 * @param maxAbsUnitPrice   largest accepted |unit price| of a line
 * @param maxFutureMillis   how far an invoice may lie ahead of this instance's wall clock (clock skew allowance);
 *                          also how far stream time may run ahead of the wall clock
 * @param maxPastMillis     how far an invoice may lie behind stream time (a late invoice)
 * @param maxTextLength     longest accepted text field, in chars (Online Retail's longest description has 35)
 * @param maxLines          most lines on one invoice: bounds the memory and the work one record can cause
 * @param maxAbsTotalE4     largest accepted |total| of one invoice, in E4 units: with it, a customer's lifetime sums
 *                          in 64-bit fixed point cannot overflow before about 9.2 × 10^14 / maxAbsTotal invoices
 * @param minTimeMillis     earliest accepted invoice time (1970-01-01 by default): nothing older is a real invoice
 */
public record InvoiceBounds(int maxAbsQuantity, double maxAbsUnitPrice, long maxFutureMillis, long maxPastMillis,
                            int maxTextLength, int maxLines, long maxAbsTotalE4, long minTimeMillis) {

    /** Prefix of the settings. */
    public static final String PREFIX = "segstream.intake.";
    public static final String MAX_QUANTITY = PREFIX + "max-quantity";
    public static final String MAX_UNIT_PRICE = PREFIX + "max-unit-price";
    public static final String MAX_FUTURE = PREFIX + "max-future";
    public static final String MAX_PAST = PREFIX + "max-past";
    public static final String MAX_TEXT_LENGTH = PREFIX + "max-text-length";
    public static final String MAX_LINES = PREFIX + "max-lines";
    public static final String MAX_INVOICE_TOTAL = PREFIX + "max-invoice-total";
    public static final String MIN_TIME = PREFIX + "min-time";

    /** The latest instant whose epoch milliseconds fit in a {@code long}. */
    private static final long MAX_MILLIS = Long.MAX_VALUE;

    /**
     * Defaults: 1,000,000 units, 1,000,000 per unit, one day ahead, ten years (3,653 days) behind, 1,000 chars per
     * text field, 10,000 lines, 10^9 per invoice, nothing before 1970.
     */
    public static final InvoiceBounds DEFAULT = new InvoiceBounds(1_000_000, 1_000_000.0, 86_400_000L,
            3_653L * 86_400_000L, 1_000, 10_000, 1_000_000_000L * Money.SCALE, 0L);

    public InvoiceBounds {
        if (maxAbsQuantity <= 0 || !(maxAbsUnitPrice > 0) || maxFutureMillis < 0 || maxPastMillis < 0
                || maxTextLength <= 0 || maxLines <= 0 || maxAbsTotalE4 <= 0) {
            throw new IllegalArgumentException("Invoice bounds must be positive: " + maxAbsQuantity + ", "
                    + maxAbsUnitPrice + ", " + maxFutureMillis + ", " + maxPastMillis + ", " + maxTextLength + ", "
                    + maxLines + ", " + maxAbsTotalE4);
        }
        if (maxAbsUnitPrice > 1e14) {
            // A price's E4 units must fit a long with room for a quantity: 10^14 * 10^4 * |quantity| is checked
            // exactly, but beyond this the bound itself would not be a price.
            throw new IllegalArgumentException("Setting '" + MAX_UNIT_PRICE + "' must be at most 1e14, got "
                    + maxAbsUnitPrice);
        }
    }

    /** The latest invoice time accepted at wall-clock time {@code nowMillis}, without overflow. */
    public long latestAt(long nowMillis) {
        return nowMillis > MAX_MILLIS - maxFutureMillis ? MAX_MILLIS : nowMillis + maxFutureMillis;
    }

    /** Whether {@code time} lies inside the window of plausible invoice times at wall-clock time {@code nowMillis}. */
    public boolean plausible(long time, long nowMillis) {
        return time >= minTimeMillis && time <= latestAt(nowMillis);
    }

    /**
     * The bounds the configuration sets, each unset key at its default.
     *
     * @throws IllegalArgumentException naming the key of a bad value
     */
    public static InvoiceBounds from(SegstreamConfig config) {
        InvoiceBounds d = DEFAULT;
        return new InvoiceBounds(
                (int) Math.min(Integer.MAX_VALUE, positive(config, MAX_QUANTITY, d.maxAbsQuantity())),
                price(config, MAX_UNIT_PRICE, d.maxAbsUnitPrice()),
                duration(config, MAX_FUTURE, d.maxFutureMillis()),
                duration(config, MAX_PAST, d.maxPastMillis()),
                (int) Math.min(Integer.MAX_VALUE, positive(config, MAX_TEXT_LENGTH, d.maxTextLength())),
                (int) Math.min(Integer.MAX_VALUE, positive(config, MAX_LINES, d.maxLines())),
                total(config, d.maxAbsTotalE4()),
                time(config, d.minTimeMillis()));
    }

    private static long positive(SegstreamConfig config, String key, long fallback) {
        String value = config.get(key).orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("Setting '" + key + "' must be a positive integer, got '" + value + "'");
    }

    private static double price(SegstreamConfig config, String key, double fallback) {
        String value = config.get(key).orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            double parsed = Double.parseDouble(value.trim());
            if (parsed > 0 && parsed <= 1e14) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("Setting '" + key + "' must be a number in (0, 1e14], got '" + value
                + "'");
    }

    private static long total(SegstreamConfig config, long fallbackE4) {
        String value = config.get(MAX_INVOICE_TOTAL).orElse(null);
        if (value == null) {
            return fallbackE4;
        }
        try {
            BigDecimal parsed = new BigDecimal(value.trim());
            if (parsed.signum() > 0 && parsed.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / Money.SCALE)) <= 0) {
                return parsed.movePointRight(Money.DECIMALS).longValue();
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("Setting '" + MAX_INVOICE_TOTAL + "' must be a positive amount of at most "
                + Long.MAX_VALUE / Money.SCALE + ", got '" + value + "'");
    }

    private static long duration(SegstreamConfig config, String key, long fallback) {
        if (config.get(key).isEmpty()) {
            return fallback;
        }
        Duration parsed = config.getDuration(key);
        if (parsed.isNegative()) {
            throw new IllegalArgumentException("Setting '" + key + "' must not be negative, got '" + parsed + "'");
        }
        try {
            return parsed.toMillis();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("Setting '" + key + "' is too long a duration, got '" + parsed + "'");
        }
    }

    private static long time(SegstreamConfig config, long fallback) {
        String value = config.get(MIN_TIME).orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            return Instant.parse(value.trim()).toEpochMilli();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Setting '" + MIN_TIME + "' must be an ISO-8601 instant such as "
                    + "2000-01-01T00:00:00Z, got '" + value + "'");
        }
    }
}
