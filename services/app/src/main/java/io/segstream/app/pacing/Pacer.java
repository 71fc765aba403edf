package io.segstream.app.pacing;

import java.util.function.LongSupplier;

/** Holds each event back until it is due. */
public interface Pacer {

    /** Waits (if needed) until the event with the given event time may be emitted. */
    void await(long eventTimeMillis) throws InterruptedException;

    /** Something that sleeps for a number of nanoseconds; a test double records instead. */
    @FunctionalInterface
    interface Sleeper {
        /** Sleeps {@code nanos} nanoseconds. */
        void sleep(long nanos) throws InterruptedException;

        /** {@link Thread#sleep} with nanosecond rounding to the JVM's resolution. */
        Sleeper THREAD = nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    }

    /** No pacing: as fast as possible. */
    static Pacer unpaced() {
        return eventTimeMillis -> { };
    }

    /** Replays event time at {@code speed} event seconds per wall second; see {@link Pacing#speedDelayNanos}. */
    static Pacer speed(double speed, LongSupplier nanoClock, Sleeper sleeper) {
        Pacing.speedDelayNanos(0, 0, speed);
        return new Pacer() {
            private boolean started;
            private long firstEventMillis;
            private long wallStartNanos;

            @Override
            public void await(long eventTimeMillis) throws InterruptedException {
                long now = nanoClock.getAsLong();
                if (!started) {
                    started = true;
                    firstEventMillis = eventTimeMillis;
                    wallStartNanos = now;
                    return;
                }
                long delay = Pacing.speedDelayNanos(eventTimeMillis - firstEventMillis, now - wallStartNanos,
                        speed);
                if (delay > 0) {
                    sleeper.sleep(delay);
                }
            }
        };
    }

    /** At most {@code ratePerSecond} events per wall second, by a {@link TokenBucket} with a one-second burst. */
    static Pacer rate(double ratePerSecond, LongSupplier nanoClock, Sleeper sleeper) {
        TokenBucket bucket = new TokenBucket(ratePerSecond, Math.max(1, ratePerSecond));
        return eventTimeMillis -> {
            long delay = bucket.reserve(nanoClock.getAsLong());
            if (delay > 0) {
                sleeper.sleep(delay);
            }
        };
    }
}
