package io.segstream.stream.features;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The highest stream time any feature task of this instance has seen: the reference time at which the query API
 * computes features, so an answer is exact and current without waiting for the next emission.
 */
public final class StreamClock {

    private final AtomicLong millis = new AtomicLong(Long.MIN_VALUE);

    /** Moves the clock forward to {@code streamTime}; never backwards. */
    public void advance(long streamTime) {
        millis.accumulateAndGet(streamTime, Math::max);
    }

    /** The current stream time, or {@code Long.MIN_VALUE} before the first record. */
    public long millis() {
        return millis.get();
    }
}
