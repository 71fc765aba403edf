package io.segstream.stream.lifetime;

import java.util.concurrent.atomic.AtomicReference;

import io.segstream.core.clv.ClvModel;

/**
 * The newest lifetime-value model any task of this instance has read, for the query API. Thread-safe: the stream
 * threads offer, the API threads read.
 */
public final class LifetimeModels {

    /**
     * A lifetime-value model and the version of the segmentation model that carried it.
     *
     * @param version model version
     * @param model   the fitted models with their horizons
     */
    public record Versioned(long version, ClvModel model) {
    }

    private final AtomicReference<Versioned> newest = new AtomicReference<>();

    /** Keeps {@code candidate} if it is newer than the one held. */
    void offer(Versioned candidate) {
        newest.accumulateAndGet(candidate, (held, offered) -> held == null || offered.version() > held.version()
                ? offered : held);
    }

    /** The newest model read, null before any. */
    public Versioned current() {
        return newest.get();
    }
}
