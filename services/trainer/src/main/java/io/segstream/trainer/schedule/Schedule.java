package io.segstream.trainer.schedule;

import java.time.Duration;
import java.util.Objects;

/**
 * When the trainer refits: after an interval of wall time, after a number of changed customers, or whichever comes
 * first. A zero interval or count disables that trigger; at least one must be on.
 *
 * @param interval wall time between refits, {@link Duration#ZERO} for none
 * @param changedCustomers distinct customers with new features since the last snapshot, 0 for none
 */
public record Schedule(Duration interval, long changedCustomers) {

    /** Validates. */
    public Schedule {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || changedCustomers < 0) {
            throw new IllegalArgumentException("Negative schedule: interval " + interval + ", changed customers "
                    + changedCustomers);
        }
        if (interval.isZero() && changedCustomers == 0) {
            throw new IllegalArgumentException("Schedule needs an interval, a changed-customer count, or both");
        }
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
        return (!interval.isZero() && sinceLast.compareTo(interval) >= 0)
                || (changedCustomers > 0 && changed >= changedCustomers);
    }
}
