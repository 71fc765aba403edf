package io.segstream.stream.drift;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import io.segstream.core.drift.Psi;

/**
 * The live distribution of one instance's customers under one model version, summed over its tasks, with the drift
 * measures against the model's training snapshot.
 *
 * @param version   model version, -1 before any model
 * @param baseline  the model's reference, null before any model
 * @param counts    per feature, customers per bin (null where the model has no reference)
 * @param segments  customers per segment id
 * @param distances summed distance to the centroid per segment id
 */
public record DriftSnapshot(long version, DriftBaseline baseline, long[][] counts, Map<Integer, Long> segments,
                            Map<Integer, Double> distances) {

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

    /** Sums task counts for the newest model version any task uses. */
    static final class Builder {
        private final long version;
        private DriftBaseline baseline;
        private long[][] counts = new long[0][];
        private final Map<Integer, Long> segments = new TreeMap<>();
        private final Map<Integer, Double> distances = new TreeMap<>();

        Builder(long version) {
            this.version = version;
        }

        void add(long taskVersion, DriftBaseline taskBaseline, long[][] taskCounts, Map<Integer, long[]> taskSegments,
                 Map<Integer, double[]> taskDistances) {
            if (taskVersion != version || taskBaseline == null) {
                return;
            }
            if (baseline == null) {
                baseline = taskBaseline;
                counts = new long[taskCounts.length][];
                for (int j = 0; j < counts.length; j++) {
                    counts[j] = taskCounts[j] == null ? null : new long[taskCounts[j].length];
                }
            }
            for (int j = 0; j < counts.length; j++) {
                if (counts[j] != null) {
                    for (int b = 0; b < counts[j].length; b++) {
                        counts[j][b] += taskCounts[j][b];
                    }
                }
            }
            taskSegments.forEach((id, n) -> segments.merge(id, n[0], Long::sum));
            taskDistances.forEach((id, d) -> distances.merge(id, d[0], Double::sum));
        }

        DriftSnapshot build() {
            return new DriftSnapshot(baseline == null ? -1 : version, baseline, counts, Map.copyOf(segments),
                    Map.copyOf(distances));
        }
    }
}
