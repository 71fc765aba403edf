package io.segstream.stream.drift;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Drift of one stream instance: the live distributions of its tasks, summed for the newest model version in use,
 * against that model's training snapshot. Thread-safe; shared by the scoring processors of the instance.
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

    /** The current live distribution and drift measures of this instance. */
    public DriftSnapshot snapshot() {
        long version = tasks.stream().mapToLong(TaskDrift::version).max().orElse(-1);
        DriftSnapshot.Builder builder = new DriftSnapshot.Builder(version);
        tasks.forEach(task -> task.addTo(builder));
        return builder.build();
    }
}
