package io.segstream.stream.drift;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import io.segstream.core.drift.Psi;

/**
 * One instance's customers at one moment, summed over its tasks: segment sizes (every assigned customer once, in the
 * segment its latest assignment names), and the drift counts of one model version, complete in every task, with the
 * drift measures against that model's training snapshot.
 *
 * @param version       model version of the drift counts, -1 while none is complete (before the first model's
 *                      re-scoring pass ends)
 * @param baseline      that model's reference, null when none
 * @param counts        per feature, customers per bin (null where the model has no reference)
 * @param segments      customers per segment id in the drift counts
 * @param distances     summed distance to the centroid per segment id in the drift counts
 * @param newestVersion newest model version any task scores with, -1 before any model
 * @param sizes         assigned customers per segment id, whichever model version assigned them
 * @param rescored      assigned customers whose assignment comes from the newest model version
 */
public record DriftSnapshot(long version, DriftBaseline baseline, long[][] counts, Map<Integer, Long> segments,
                            Map<Integer, Double> distances, long newestVersion, Map<Integer, Long> sizes,
                            long rescored) {

    /** Assigned customers: the sum of the segment sizes. */
    public long assigned() {
        return sizes.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Share of the assigned customers the newest model version scored: below 1 while its re-scoring pass runs;
     * 1 with no customers.
     */
    public double rescoreProgress() {
        long assigned = assigned();
        return assigned == 0 ? 1.0 : (double) rescored / assigned;
    }

    /** PSI per feature name, for the features with a reference and at least one live customer. */
    public Map<String, Double> featurePsi() {
        Map<String, Double> psi = new LinkedHashMap<>();
        for (int j = 0; j < counts.length; j++) {
            if (counts[j] != null) {
                double v = Psi.of(counts[j], baseline.bins()[j].shares());
                if (!Double.isNaN(v)) {
                    psi.put(baseline.features().get(j), v);
                }
            }
        }
        return psi;
    }

    /** PSI of the live segment shares against the training shares; NaN without a reference or customers. */
    public double segmentPsi() {
        if (baseline == null || baseline.segmentShares().isEmpty()) {
            return Double.NaN;
        }
        var ids = baseline.segmentShares().keySet().stream().sorted().toList();
        long[] live = new long[ids.size()];
        double[] expected = new double[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            live[i] = segments.getOrDefault(ids.get(i), 0L);
            expected[i] = baseline.segmentShares().get(ids.get(i));
        }
        return Psi.of(live, expected);
    }

    /** Mean distance to the centroid per segment id, for segments with customers. */
    public Map<Integer, Double> meanDistance() {
        Map<Integer, Double> mean = new TreeMap<>();
        segments.forEach((id, n) -> {
            if (n > 0) {
                mean.put(id, distances.getOrDefault(id, 0.0) / n);
            }
        });
        return mean;
    }

    /** Sums the tasks' segment sizes, and their complete drift counts of one model version. */
    static final class Builder {
        private final long version;
        private DriftBaseline baseline;
        private long[][] counts = new long[0][];
        private final Map<Integer, Long> segments = new TreeMap<>();
        private final Map<Integer, Double> distances = new TreeMap<>();
        private final Map<Integer, Long> sizes = new TreeMap<>();
        private final Map<Long, Long> byVersion = new TreeMap<>();
        private long newest = -1;

        Builder(long version) {
            this.version = version;
        }

        void sizes(TaskDrift.View view) {
            view.sizes().forEach((id, n) -> sizes.merge(id, n, Long::sum));
            view.byVersion().forEach((v, n) -> byVersion.merge(v, n, Long::sum));
            if (view.live() != null) {
                newest = Math.max(newest, view.live().version);
            }
        }

        void add(Distribution task) {
            if (task == null || task.version != version) {
                return;
            }
            if (baseline == null) {
                baseline = task.baseline;
                counts = new long[task.counts.length][];
                for (int j = 0; j < counts.length; j++) {
                    counts[j] = task.counts[j] == null ? null : new long[task.counts[j].length];
                }
            }
            for (int j = 0; j < counts.length; j++) {
                if (counts[j] != null) {
                    for (int b = 0; b < counts[j].length; b++) {
                        counts[j][b] += task.counts[j][b];
                    }
                }
            }
            task.segments.forEach((id, n) -> segments.merge(id, n[0], Long::sum));
            task.distances.forEach((id, d) -> distances.merge(id, d[0], Double::sum));
        }

        DriftSnapshot build() {
            return new DriftSnapshot(baseline == null ? -1 : version, baseline, counts, Map.copyOf(segments),
                    Map.copyOf(distances), newest, Map.copyOf(sizes),
                    newest < 0 ? 0 : byVersion.getOrDefault(newest, 0L));
        }
    }
}
