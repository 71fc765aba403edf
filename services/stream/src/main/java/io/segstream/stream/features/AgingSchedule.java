package io.segstream.stream.features;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * When customers who stop buying are re-emitted. Every customer's recency grows by one each day, so re-emitting
 * everyone daily would rescan the whole store; instead a customer is re-emitted when its recency reaches one of
 * the checkpoints (days since the last purchase). The model works on log1p(recency), so the default checkpoints are
 * roughly evenly spaced in log1p: consecutive ones differ by at most about 0.4 there, while a replay of history
 * (where a year of aging happens in seconds) emits about 18 aging records per idle customer and year instead of 57
 * with daily-then-weekly checkpoints.
 *
 *
 * <p>While the stream catches up on history (stream time more than {@code catchUpLag} behind the wall clock, as in a
 * replay) aging runs every {@code catchUpStep} of stream time instead of every {@code interval}, and no sooner than
 * {@code catchUpPause} of wall-clock time after the previous pass: a customer who reaches several checkpoints
 * between two passes is re-emitted once, at the latest, so a replay does not spend most of its time re-emitting
 * aging that the next seconds of history supersede. The faster the replay, the fewer the passes; the last pass
 * still brings every customer to its latest checkpoint. Live streams (stream time near the wall clock) age every
 * interval.
 *
 * @param checkpointDays ascending recency values (days) at which a customer is re-emitted
 * @param interval       stream-time punctuation interval
 * @param catchUpLag     how far stream time must trail the wall clock to count as catching up; zero disables it
 * @param catchUpStep    stream time between aging passes while catching up
 * @param catchUpPause   wall-clock time between aging passes while catching up
 */
public record AgingSchedule(int[] checkpointDays, Duration interval, Duration catchUpLag, Duration catchUpStep,
                            Duration catchUpPause) {

    private static final Duration CATCH_UP_LAG = Duration.ofDays(7);
    private static final Duration CATCH_UP_STEP = Duration.ofDays(7);
    private static final Duration CATCH_UP_PAUSE = Duration.ofSeconds(1);

    /**
     * 1, 2, 3, 5, 7, 10, 14, 21, 30, 45, 60, 90, 120, 180, 270, 365, 540 and 730 days, checked daily, weekly while
     * catching up more than a week behind the wall clock, and then at most once a second of wall-clock time.
     */
    public static final AgingSchedule DEFAULT = new AgingSchedule(
            new int[] {1, 2, 3, 5, 7, 10, 14, 21, 30, 45, 60, 90, 120, 180, 270, 365, 540, 730}, Duration.ofDays(1),
            CATCH_UP_LAG, CATCH_UP_STEP, CATCH_UP_PAUSE);

    /** No aging: features are emitted on invoices only (e.g. to measure the invoice path alone). */
    public static final AgingSchedule NONE = new AgingSchedule(new int[0], Duration.ofDays(1), Duration.ZERO,
            Duration.ofDays(1), Duration.ZERO);

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
            return new AgingSchedule(checkpoints, Duration.ofDays(1), CATCH_UP_LAG, CATCH_UP_STEP, CATCH_UP_PAUSE);
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
        if (catchUpLag.isNegative() || catchUpStep.compareTo(interval) < 0 || catchUpPause.isNegative()) {
            throw new IllegalArgumentException("Aging catch-up lag and pause must not be negative and its step not "
                    + "below the interval: " + catchUpLag + ", " + catchUpStep + ", " + catchUpPause);
        }
    }

    /** The same checkpoints, aged every interval however far behind the wall clock the stream is. */
    public AgingSchedule withoutCatchUp() {
        return new AgingSchedule(checkpointDays, interval, Duration.ZERO, interval, Duration.ZERO);
    }

    /**
     * Whether an aging pass is due: always after {@code interval} of stream time when live; while stream time trails
     * the wall clock by more than {@code catchUpLag}, only once {@code catchUpStep} of stream time and
     * {@code catchUpPause} of wall-clock time have passed since the last pass.
     *
     * @param lastPassMillis     stream time of the last pass
     * @param streamTimeMillis   stream time now
     * @param lastPassWallMillis wall-clock time of the last pass, {@link Long#MIN_VALUE} if none since start-up
     * @param wallClockMillis    wall-clock time now
     */
    public boolean passDue(long lastPassMillis, long streamTimeMillis, long lastPassWallMillis,
                           long wallClockMillis) {
        boolean catchingUp = !catchUpLag.isZero() && wallClockMillis - streamTimeMillis > catchUpLag.toMillis();
        if (!catchingUp) {
            return streamTimeMillis - lastPassMillis >= interval.toMillis();
        }
        boolean paused = lastPassWallMillis != Long.MIN_VALUE
                && wallClockMillis - lastPassWallMillis < catchUpPause.toMillis();
        return !paused && streamTimeMillis - lastPassMillis >= catchUpStep.toMillis();
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
                && interval.equals(other.interval) && catchUpLag.equals(other.catchUpLag)
                && catchUpStep.equals(other.catchUpStep) && catchUpPause.equals(other.catchUpPause);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(checkpointDays), interval, catchUpLag, catchUpStep, catchUpPause);
    }

    @Override
    public String toString() {
        return "AgingSchedule[checkpointDays=" + Arrays.toString(checkpointDays) + ", interval=" + interval
                + ", catchUpLag=" + catchUpLag + ", catchUpStep=" + catchUpStep + ", catchUpPause=" + catchUpPause + "]";
    }
}
