package io.segstream.stream.scoring;

import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

import io.segstream.avro.ChangeCause;

/**
 * The scoring stage's read model, as the console, the query API and the metrics read it: change events by cause and
 * by transition, segment sizes, rejected models, the model in use and the recent ones, and the invoice-to-change
 * latency handed to a listener. The stream threads write it; thread-safe.
 */
public final class ScoringReadModel {

    private final Map<ChangeCause, LongAdder> changes = new EnumMap<>(ChangeCause.class);
    private final LongAdder rejectedModels = new LongAdder();
    private final LongAdder scored = new LongAdder();
    private final AtomicLong modelVersion = new AtomicLong(-1);
    private final Map<Integer, LongAdder> segmentSizes = new ConcurrentHashMap<>();
    private final Map<Integer, String> segmentNames = new ConcurrentHashMap<>();
    private final Map<Transition, LongAdder> transitions = new ConcurrentHashMap<>();
    private final AtomicReference<ScoringModel.Info> model = new AtomicReference<>();
    private final AtomicReference<int[]> modelSegments = new AtomicReference<>(new int[0]);
    private final LongConsumer latencyMillis;
    private static final int MODEL_HISTORY = 50;
    private final AtomicReference<ScoringModel> newestModel = new AtomicReference<>();
    private final ArrayDeque<ScoringModel.Info> modelHistory = new ArrayDeque<>();

    /** Counters that drop latencies. */
    public ScoringReadModel() {
        this(millis -> { });
    }

    /** @param latencyMillis told the wall-clock milliseconds from an invoice's send to the change it caused */
    public ScoringReadModel(LongConsumer latencyMillis) {
        this.latencyMillis = latencyMillis;
        for (ChangeCause cause : ChangeCause.values()) {
            changes.put(cause, new LongAdder());
        }
    }

    /**
     * A kind of segment change.
     *
     * @param from  segment name before, {@code none} on a first assignment
     * @param to    segment name after
     * @param cause why
     */
    public record Transition(String from, String to, ChangeCause cause) {
    }

    void changed(ChangeCause cause, Integer fromSegment, String fromName, int toSegment, String toName) {
        changes.get(cause).increment();
        transitions.computeIfAbsent(new Transition(fromName == null ? "none" : fromName, toName, cause),
                t -> new LongAdder()).increment();
        if (fromSegment != null) {
            segmentSizes.computeIfAbsent(fromSegment, id -> new LongAdder()).decrement();
        }
        segmentSizes.computeIfAbsent(toSegment, id -> new LongAdder()).increment();
        segmentNames.put(toSegment, toName);
    }

    /** A customer was erased; it leaves its segment, if it had one. */
    void erased(Integer fromSegment, String fromName) {
        changes.get(ChangeCause.ERASED).increment();
        transitions.computeIfAbsent(new Transition(fromName == null ? "none" : fromName, "erased",
                ChangeCause.ERASED), t -> new LongAdder()).increment();
        if (fromSegment != null) {
            segmentSizes.computeIfAbsent(fromSegment, id -> new LongAdder()).decrement();
        }
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

    void modelInUse(ScoringModel scoring) {
        ScoringModel newest = newestModel.accumulateAndGet(scoring,
                (old, now) -> old == null || now.version() >= old.version() ? now : old);
        if (newest == scoring) {
            synchronized (modelHistory) {
                if (modelHistory.isEmpty() || modelHistory.getLast().version() < scoring.version()) {
                    modelHistory.add(scoring.info());
                    if (modelHistory.size() > MODEL_HISTORY) {
                        modelHistory.removeFirst();
                    }
                }
            }
        }
        modelInUse(scoring.info(), scoring.segmentIds(), scoring.segmentNames());
    }

    /**
     * The newest model any task of this instance scores with, null before the first; read its names, features and
     * profiles only (its scorer belongs to a task).
     */
    public ScoringModel newestModel() {
        return newestModel.get();
    }

    /** The models this instance has used, oldest first, at most the last 50. */
    public List<ScoringModel.Info> modelHistory() {
        synchronized (modelHistory) {
            return List.copyOf(modelHistory);
        }
    }

    private void modelInUse(ScoringModel.Info info, int[] segmentIds, String[] names) {
        modelVersion.accumulateAndGet(info.version(), Math::max);
        // Names come from the model, so gauges are labelled even for segments no change has reached yet.
        for (int i = 0; i < segmentIds.length; i++) {
            segmentNames.put(segmentIds[i], names[i]);
        }
        ScoringModel.Info newest = model.accumulateAndGet(info,
                (old, now) -> old == null || now.version() >= old.version() ? now : old);
        if (newest == info) {
            modelSegments.set(segmentIds.clone());
        }
    }

    /** The segment ids of the newest model in use, none before the first. */
    public int[] modelSegments() {
        return modelSegments.get().clone();
    }

    void latency(long millis) {
        latencyMillis.accept(millis);
    }

    /** Change events emitted per transition since start. */
    public Map<Transition, Long> transitions() {
        Map<Transition, Long> out = new HashMap<>();
        transitions.forEach((t, n) -> out.put(t, n.sum()));
        return out;
    }

    /** Change events emitted for {@code transition} since start. */
    public long transitions(Transition transition) {
        LongAdder n = transitions.get(transition);
        return n == null ? 0 : n.sum();
    }

    /** The newest model any task of this instance scores with, null before the first. */
    public ScoringModel.Info model() {
        return model.get();
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
