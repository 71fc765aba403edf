package io.segstream.trainer.cycle;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.segstream.trainer.training.Refusal;
import io.segstream.trainer.training.TrainingOutcome;

/** Counters of the trainer, thread-safe, for the loop's callers and the Micrometer binding. */
public final class TrainerStats {

    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong registryWaits = new AtomicLong();
    private final Map<Refusal, AtomicLong> refused = new EnumMap<>(Refusal.class);
    private final AtomicReference<TrainingOutcome.Refused> lastRefusal = new AtomicReference<>();
    private final AtomicLong lastPublishedVersion = new AtomicLong();
    private final AtomicLong lastCycleMillis = new AtomicLong(-1);
    private final AtomicLong lastSnapshotSize = new AtomicLong(-1);

    /** Starts with every counter at 0. */
    public TrainerStats() {
        for (Refusal r : Refusal.values()) {
            refused.put(r, new AtomicLong());
        }
    }

    void recordPublished(long version) {
        published.incrementAndGet();
        lastPublishedVersion.set(version);
    }

    void recordRefused(TrainingOutcome.Refused r) {
        refused.get(r.reason()).incrementAndGet();
        lastRefusal.set(r);
    }

    void recordCycle(long snapshotSize, long millis) {
        lastSnapshotSize.set(snapshotSize);
        lastCycleMillis.set(millis);
    }

    /** @return wall milliseconds of the last completed cycle (snapshot, fit, publish), -1 before the first. */
    public long lastCycleMillis() {
        return lastCycleMillis.get();
    }

    /** @return customers in the last snapshot, -1 before the first. */
    public long lastSnapshotSize() {
        return lastSnapshotSize.get();
    }

    void recordFailure() {
        failed.incrementAndGet();
    }

    void recordRegistryWait() {
        registryWaits.incrementAndGet();
    }

    /** @return times a snapshot read or a publish waited for an unavailable schema registry. */
    public long registryWaits() {
        return registryWaits.get();
    }

    /** @return models published. */
    public long published() {
        return published.get();
    }

    /** @return the version of the last published model, 0 before the first. */
    public long lastPublishedVersion() {
        return lastPublishedVersion.get();
    }

    /** @return cycles that ended with an exception (broker or registry unreachable, ...). */
    public long failed() {
        return failed.get();
    }

    /**
     * @param reason a refusal reason
     * @return models refused for it
     */
    public long refused(Refusal reason) {
        return refused.get(reason).get();
    }

    /** @return models refused for any reason. */
    public long refused() {
        return refused.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** @return the last refusal, if any. */
    public Optional<TrainingOutcome.Refused> lastRefusal() {
        return Optional.ofNullable(lastRefusal.get());
    }
}
