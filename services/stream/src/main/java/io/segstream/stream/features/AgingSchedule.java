package io.segstream.stream.features;

import java.time.Duration;
import java.util.Arrays;

/**
 * When customers who stop buying are re-emitted. Every customer's recency grows by one each day, so re-emitting
 * everyone daily would rescan the whole store; instead a customer is re-emitted when its recency reaches one of
 * the checkpoints (days since the last purchase). The model works on log1p(recency), so the default checkpoints are
 * roughly evenly spaced in log1p: consecutive ones differ by at most about 0.4 there, while a replay of history
 * (where a year of aging happens in seconds) emits about 18 aging records per idle customer and year instead of 57
 * with daily-then-weekly checkpoints.
 *
 * @param checkpointDays ascending recency values (days) at which a customer is re-emitted
 * @param interval       stream-time punctuation interval
 */
public record AgingSchedule(int[] checkpointDays, Duration interval) {

    /** 1, 2, 3, 5, 7, 10, 14, 21, 30, 45, 60, 90, 120, 180, 270, 365, 540 and 730 days, checked daily. */
    public static final AgingSchedule DEFAULT = new AgingSchedule(
            new int[] {1, 2, 3, 5, 7, 10, 14, 21, 30, 45, 60, 90, 120, 180, 270, 365, 540, 730}, Duration.ofDays(1));

    /** No aging: features are emitted on invoices only (e.g. to measure the invoice path alone). */
    public static final AgingSchedule NONE = new AgingSchedule(new int[0], Duration.ofDays(1));

    /**
     * Parses comma-separated checkpoint days, e.g. {@code "1,7,30,90"}, checked daily; {@code "none"} for no aging.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static AgingSchedule parse(String days) {
        if (days.isBlank() || days.trim().equalsIgnoreCase("none")) {
            return NONE;
        }
        try {
            int[] checkpoints = Arrays.stream(days.split(",")).map(String::trim).mapToInt(Integer::parseInt)
                    .toArray();
            return new AgingSchedule(checkpoints, Duration.ofDays(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Aging checkpoints must be comma-separated whole days, got '" + days
                    + "'");
        }
    }

    public AgingSchedule {
        checkpointDays = checkpointDays.clone();
        for (int i = 0; i < checkpointDays.length; i++) {
            if (checkpointDays[i] < 1 || (i > 0 && checkpointDays[i] <= checkpointDays[i - 1])) {
                throw new IllegalArgumentException("Aging checkpoints must be ascending positive days: "
                        + Arrays.toString(checkpointDays));
            }
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("Aging interval must be positive: " + interval);
        }
    }

    /** Whether any checkpoint is set. */
    public boolean enabled() {
        return checkpointDays.length > 0;
    }

    @Override
    public int[] checkpointDays() {
        return checkpointDays.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AgingSchedule other && Arrays.equals(checkpointDays, other.checkpointDays)
                && interval.equals(other.interval);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(checkpointDays) + interval.hashCode();
    }

    @Override
    public String toString() {
        return "AgingSchedule[checkpointDays=" + Arrays.toString(checkpointDays) + ", interval=" + interval + "]";
    }
}
