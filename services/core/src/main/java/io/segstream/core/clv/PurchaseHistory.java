package io.segstream.core.clv;

/**
 * What the lifetime-value models need of a customer, kept exactly by the stream's customer state: purchase days
 * (UTC days with at least one purchase, that is an invoice that is not a return and has a positive amount), the first
 * and last of them, and the spend of every purchase day but the first.
 *
 * @param days          distinct purchase days, at least 1
 * @param firstDay      the first purchase day, days since 1970-01-01
 * @param lastDay       the last purchase day
 * @param repeatSpendE4 exact spend of the purchase days after the first, in E4 units
 */
public record PurchaseHistory(int days, long firstDay, long lastDay, long repeatSpendE4) {

    private static final long DAY_MILLIS = 86_400_000L;

    public PurchaseHistory {
        if (days < 1 || lastDay < firstDay || (days == 1) != (lastDay == firstDay) || (days == 1 && repeatSpendE4 != 0)) {
            throw new IllegalArgumentException("not a purchase history: " + days + " days from " + firstDay + " to "
                    + lastDay + ", repeat spend " + repeatSpendE4);
        }
    }

    /** The UTC day of a time, days since 1970-01-01: how purchase days and the end of an observation are counted. */
    public static long dayOf(long millis) {
        return Math.floorDiv(millis, DAY_MILLIS);
    }

    /** The BG/NBD and Gamma-Gamma summary observed up to the end of {@code endDay} (never before the last day). */
    public RepeatSummary summaryAt(long endDay) {
        int x = days - 1;
        return new RepeatSummary(x, (lastDay - firstDay) / 7.0, (Math.max(endDay, lastDay) - firstDay) / 7.0,
                x == 0 ? 0 : repeatSpendE4 / 10_000.0 / x);
    }
}
