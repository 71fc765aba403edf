package io.segstream.stream.drift;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Drift and segment sizes of one stream instance, summed over its tasks. Drift is reported for the newest model
 * version whose counts are complete in every task (each task's re-scoring pass over it ended), so a model swap never
 * shows a half-filled distribution. Thread-safe; shared by the scoring processors of the instance.
 */
public final class DriftMonitor {

    private final Set<TaskDrift> tasks = ConcurrentHashMap.newKeySet();

    /** A new task's live distribution, counted until {@link #unregister}. */
    public TaskDrift register() {
        TaskDrift task = new TaskDrift();
        tasks.add(task);
        return task;
    }

    /** Stops counting a closed task (its customers move with it to another instance). */
    public void unregister(TaskDrift task) {
        tasks.remove(task);
    }

    /** The current segment sizes, drift counts and drift measures of this instance. */
    public DriftSnapshot snapshot() {
        List<TaskDrift.View> views = tasks.stream().map(TaskDrift::view).toList();
        long reported = reportedVersion(views);
        DriftSnapshot.Builder builder = new DriftSnapshot.Builder(reported);
        for (TaskDrift.View view : views) {
            builder.sizes(view);
            if (reported >= 0 && view.live() != null) {
                builder.add(view.complete(reported));
            }
        }
        return builder.build();
    }

    /** The model version drift is reported for: -1 while no version is complete in every task with a model. */
    public long reportedVersion() {
        return reportedVersion(tasks.stream().map(TaskDrift::view).toList());
    }

    private static long reportedVersion(List<TaskDrift.View> views) {
        TreeSet<Long> candidates = new TreeSet<>();
        for (TaskDrift.View view : views) {
            if (view.live() != null && view.liveComplete()) {
                candidates.add(view.live().version);
            }
            if (view.settled() != null) {
                candidates.add(view.settled().version);
            }
        }
        for (long version : candidates.descendingSet()) {
            if (views.stream().allMatch(v -> v.live() == null || v.complete(version) != null)) {
                return version;
            }
        }
        return -1;
    }
}
