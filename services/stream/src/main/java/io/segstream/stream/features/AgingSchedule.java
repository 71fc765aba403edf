package io.segstream.stream.features;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * When customers who stop buying are re-emitted. Every customer's recency grows by one each day, so re-emitting
 * everyone daily would rescan the whole store; instead a customer is re-emitted when its recency reaches one of
 * the checkpoints (days since the last purchase). The model works on log1p(recency), so daily steps matter early
 * and weekly or quarterly steps later.
 *
 * @param checkpointDays ascending recency values (days) at which a customer is re-emitted
 * @param interval       stream-time punctuation interval
 */
public record AgingSchedule(int[] checkpointDays, Duration interval) {

    /** Daily up to 31 days, weekly up to 26 weeks, then at 9, 12, 15, 18 and 24 months. */
    public static final AgingSchedule DEFAULT = new AgingSchedule(
            IntStream.concat(IntStream.concat(IntStream.rangeClosed(1, 31), IntStream.iterate(35, d -> d <= 182,
                    d -> d + 7)), IntStream.of(273, 365, 456, 548, 730)).toArray(),
            Duration.ofDays(1));

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
