package io.segstream.trainer.schedule;

import java.time.Duration;
import java.util.Objects;

/**
 * When the trainer refits: after an interval of wall time, after a number of changed customers, after an interval of
 * stream time (event time of the features, so a replay of history refits e.g. monthly in history), or whichever comes
 * first. A zero interval or count disables that trigger; at least one must be on.
 *
 * @param interval wall time between refits, {@link Duration#ZERO} for none
 * @param changedCustomers distinct customers with new features since the last snapshot, 0 for none
 * @param streamInterval stream time between the last snapshot and the newest features, {@link Duration#ZERO} for none
 */
public record Schedule(Duration interval, long changedCustomers, Duration streamInterval) {

    /** Validates. */
    public Schedule {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(streamInterval, "streamInterval");
        if (interval.isNegative() || changedCustomers < 0 || streamInterval.isNegative()) {
            throw new IllegalArgumentException("Negative schedule: interval " + interval + ", changed customers "
                    + changedCustomers + ", stream interval " + streamInterval);
        }
        if (interval.isZero() && changedCustomers == 0 && streamInterval.isZero()) {
            throw new IllegalArgumentException(
                    "Schedule needs a wall-time interval, a changed-customer count or a stream-time interval");
        }
    }

    /** A schedule without a stream-time trigger. */
    public Schedule(Duration interval, long changedCustomers) {
        this(interval, changedCustomers, Duration.ZERO);
    }

    /** @return hourly, or after 10,000 changed customers. */
    public static Schedule defaults() {
        return new Schedule(Duration.ofHours(1), 10_000);
    }

    /**
     * @param sinceLast wall time since the last refit started
     * @param changed distinct customers changed since the last snapshot
     * @return whether a refit is due
     */
    public boolean due(Duration sinceLast, long changed) {
        return due(sinceLast, changed, Duration.ZERO);
    }

    /**
     * @param sinceLast wall time since the last refit started
     * @param changed distinct customers changed since the last snapshot
     * @param streamAdvance how far the newest features' stream time is past the last snapshot's
     * @return whether a refit is due
     */
    public boolean due(Duration sinceLast, long changed, Duration streamAdvance) {
        return (!interval.isZero() && sinceLast.compareTo(interval) >= 0)
                || (changedCustomers > 0 && changed >= changedCustomers)
                || (!streamInterval.isZero() && streamAdvance.compareTo(streamInterval) >= 0);
    }
}
