package io.segstream.app.pacing;

/** The arithmetic of pacing, as pure functions of times passed in, so it is tested without sleeping. */
public final class Pacing {

    private static final double NANOS_PER_MILLI = 1_000_000.0;

    private Pacing() {
    }

    /**
     * How long to wait before emitting an event when replaying at {@code speed} event-time seconds per wall-clock
     * second: the event is due {@code eventElapsedMillis / speed} after the replay started.
     *
     * @param eventElapsedMillis event time of this event minus that of the first event
     * @param wallElapsedNanos wall-clock time since the first event was emitted
     * @param speed event-time seconds per wall second, positive (86,400 replays a day per second)
     * @return nanoseconds to wait, 0 when the event is already due or late
     */
    public static long speedDelayNanos(long eventElapsedMillis, long wallElapsedNanos, double speed) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be positive, got " + speed);
        }
        double dueNanos = eventElapsedMillis * NANOS_PER_MILLI / speed;
        return Math.max(0L, (long) Math.ceil(dueNanos - wallElapsedNanos));
    }

    /**
     * Seconds of wall clock left to replay the remaining event time at {@code speed}.
     *
     * @param remainingEventMillis event time still to replay
     * @param speed event-time seconds per wall second, positive
     */
    public static double speedRemainingSeconds(long remainingEventMillis, double speed) {
        return Math.max(0, remainingEventMillis) / 1000.0 / speed;
    }
}
