package io.segstream.trainer.cycle;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.segstream.trainer.training.Refusal;

/** The trainer's meters, read from its {@link TrainerStats} so every cycle is counted once, where it happens. */
public final class TrainerMetrics {

    private TrainerMetrics() {
    }

    /** Binds {@code stats} to {@code registry}. */
    public static void bind(MeterRegistry registry, TrainerStats stats) {
        FunctionCounter.builder("segstream.trainer.models.published", stats, TrainerStats::published)
                .description("Models published to the models topic").register(registry);
        for (Refusal reason : Refusal.values()) {
            FunctionCounter.builder("segstream.trainer.refusals", stats, s -> s.refused(reason))
                    .description("Models not published, by the guard that refused").tag("reason", reason.name())
                    .register(registry);
        }
        FunctionCounter.builder("segstream.trainer.failures", stats, TrainerStats::failed)
                .description("Cycles that failed (broker or registry unreachable)").register(registry);
        FunctionCounter.builder("segstream.trainer.registry.waits", stats, TrainerStats::registryWaits)
                .description("Waits for an unavailable schema registry while reading features or publishing")
                .register(registry);
        Gauge.builder("segstream.trainer.last.training.duration", stats,
                        s -> s.lastCycleMillis() < 0 ? Double.NaN : s.lastCycleMillis() / 1000.0)
                .description("Wall time of the last cycle: snapshot, fit and publish").baseUnit("seconds")
                .register(registry);
        Gauge.builder("segstream.trainer.snapshot.customers", stats,
                        s -> s.lastSnapshotSize() < 0 ? Double.NaN : s.lastSnapshotSize())
                .description("Customers in the last snapshot").register(registry);
        Gauge.builder("segstream.trainer.published.version", stats, TrainerStats::lastPublishedVersion)
                .description("Version of the last published model, 0 before the first").register(registry);
    }
}
