package io.segstream.stream.drift;

import java.util.HashMap;
import java.util.Map;

/**
 * One stream task's customers, as drift and segment sizes see them. Segment sizes count every assigned customer
 * once, in the segment its stored assignment names, whichever model version made it: a model swap moves a customer
 * only when the re-scoring pass (or its own update) reaches it. Drift counts are kept per model version: the live
 * one fills as the new model scores customers and is complete once the pass ends; until every task of the instance
 * completed it, the task keeps the previous complete distribution (the settled one) up to date, so drift is always
 * reported on a whole population. Written by the task's stream thread, read by the scrape thread, hence synchronized.
 */
public final class TaskDrift {

    /** Version key of assignments that carry none. */
    static final long UNVERSIONED = -1;

    private Distribution live;
    private boolean liveComplete;
    private Distribution settled;
    private final Map<Integer, long[]> sizes = new HashMap<>();
    private final Map<Long, long[]> byVersion = new HashMap<>();

    TaskDrift() {
    }

    /**
     * Starts counting afresh for model {@code version} from an empty store view: sizes, live and settled counts are
     * cleared (the caller counts the task's customers again), nothing is complete until {@link #completeLive()}.
     * A {@code baseline} of null clears the counts only, before any model.
     */
    public synchronized void restart(long version, DriftBaseline baseline) {
        live = baseline == null ? null : new Distribution(version, baseline);
        liveComplete = false;
        settled = null;
        sizes.clear();
        byVersion.clear();
    }

    /**
     * A newer model replaces the live one. When the live distribution was complete it becomes the settled one;
     * otherwise (a model arriving mid-pass) the settled one, if any, stays.
     *
     * @return whether the previous live distribution became the settled one
     */
    public synchronized boolean swap(long version, DriftBaseline baseline) {
        boolean kept = live != null && liveComplete;
        if (kept) {
            settled = live;
        }
        live = new Distribution(version, baseline);
        liveComplete = false;
        return kept;
    }

    /** Every customer of the task was scored by the live model: its counts are whole. */
    public synchronized void completeLive() {
        liveComplete = true;
    }

    /** Forgets the settled distribution, once no task of the instance needs it any more. */
    public synchronized void dropSettled() {
        settled = null;
    }

    /** Counts a customer under the live model: transformed features, segment and distance. */
    public synchronized void addLive(double[] z, int segment, double distance) {
        live.update(z, segment, distance, 1);
    }

    /** Un-counts a customer's previous state under the live model. */
    public synchronized void removeLive(double[] z, int segment, double distance) {
        live.update(z, segment, distance, -1);
    }

    /**
     * Moves a customer within the settled distribution: {@code zFrom} leaves and {@code zTo} enters, either null
     * for none. One call, so a scrape never sees the customer twice or not at all.
     */
    public synchronized void moveSettled(double[] zFrom, int fromSegment, double fromDistance, double[] zTo,
                                         int toSegment, double toDistance) {
        if (zFrom != null) {
            settled.update(zFrom, fromSegment, fromDistance, -1);
        }
        if (zTo != null) {
            settled.update(zTo, toSegment, toDistance, 1);
        }
    }

    /**
     * Moves a customer between segment sizes, in one step: out of {@code fromSegment} (null when it had none) into
     * {@code toSegment} (null when it leaves, e.g. erased).
     */
    public synchronized void assign(Integer fromSegment, Long fromVersion, Integer toSegment, Long toVersion) {
        if (fromSegment != null) {
            sizes.computeIfAbsent(fromSegment, s -> new long[1])[0]--;
            byVersion.computeIfAbsent(key(fromVersion), v -> new long[1])[0]--;
        }
        if (toSegment != null) {
            sizes.computeIfAbsent(toSegment, s -> new long[1])[0]++;
            byVersion.computeIfAbsent(key(toVersion), v -> new long[1])[0]++;
        }
    }

    private static long key(Long version) {
        return version == null ? UNVERSIONED : version;
    }

    /** A consistent copy of this task's counts. */
    synchronized View view() {
        Map<Integer, Long> s = new HashMap<>();
        sizes.forEach((id, n) -> s.put(id, n[0]));
        Map<Long, Long> v = new HashMap<>();
        byVersion.forEach((version, n) -> v.put(version, n[0]));
        return new View(live == null ? null : live.copy(), liveComplete, settled == null ? null : settled.copy(),
                s, v);
    }

    /** Model version of the live counts, -1 before any model. */
    synchronized long version() {
        return live == null ? -1 : live.version;
    }

    /** A task's counts at one moment. */
    record View(Distribution live, boolean liveComplete, Distribution settled, Map<Integer, Long> sizes,
                Map<Long, Long> byVersion) {

        /** The complete distribution of {@code version} this task holds, null when none. */
        Distribution complete(long version) {
            if (live != null && liveComplete && live.version == version) {
                return live;
            }
            return settled != null && settled.version == version ? settled : null;
        }
    }
}
