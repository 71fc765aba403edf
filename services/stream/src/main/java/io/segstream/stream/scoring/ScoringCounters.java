package io.segstream.stream.scoring;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.segstream.avro.ChangeCause;

/** What the scoring stage did: change events by cause, rejected models, the model in use. Thread-safe. */
public final class ScoringCounters {

    private final Map<ChangeCause, LongAdder> changes = new EnumMap<>(ChangeCause.class);
    private final LongAdder rejectedModels = new LongAdder();
    private final LongAdder scored = new LongAdder();
    private final AtomicLong modelVersion = new AtomicLong(-1);
    private final Map<Integer, LongAdder> segmentSizes = new ConcurrentHashMap<>();
    private final Map<Integer, String> segmentNames = new ConcurrentHashMap<>();

    public ScoringCounters() {
        for (ChangeCause cause : ChangeCause.values()) {
            changes.put(cause, new LongAdder());
        }
    }

    void changed(ChangeCause cause, Integer fromSegment, int toSegment, String toName) {
        changes.get(cause).increment();
        if (fromSegment != null) {
            segmentSizes.computeIfAbsent(fromSegment, id -> new LongAdder()).decrement();
        }
        segmentSizes.computeIfAbsent(toSegment, id -> new LongAdder()).increment();
        segmentNames.put(toSegment, toName);
    }

    /**
     * Customers per segment id among the changes this instance emitted since it started (its own customers, when
     * it started from an empty store).
     */
    public Map<Integer, Long> segmentSizes() {
        Map<Integer, Long> sizes = new TreeMap<>();
        segmentSizes.forEach((id, n) -> sizes.put(id, n.sum()));
        return sizes;
    }

    /** The latest name seen for each segment id. */
    public Map<Integer, String> segmentNames() {
        return new TreeMap<>(segmentNames);
    }

    void score() {
        scored.increment();
    }

    void rejectedModel() {
        rejectedModels.increment();
    }

    void modelInUse(long version) {
        modelVersion.accumulateAndGet(version, Math::max);
    }

    /** Change events emitted for {@code cause}. */
    public long changes(ChangeCause cause) {
        return changes.get(cause).sum();
    }

    /** All change events emitted. */
    public long changes() {
        return changes.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Feature updates and re-scorings evaluated against a model. */
    public long scored() {
        return scored.sum();
    }

    /** Models refused by validation. */
    public long rejectedModels() {
        return rejectedModels.sum();
    }

    /** Highest model version any task of this instance scores with; -1 before the first model. */
    public long modelVersion() {
        return modelVersion.get();
    }
}
