package io.segstream.stream.drift;

import java.util.HashMap;
import java.util.Map;

/**
 * The live distribution of one stream task's customers under the model in use: count per reference bin of every
 * feature, customers and summed distance to the centroid per segment. Only customers already scored by that model
 * count; the scoring processor moves a customer from its old bin to its new one on every update. Written by the
 * task's stream thread, read by the scrape thread, hence synchronized.
 */
public final class TaskDrift {

    private long version = -1;
    private DriftBaseline baseline;
    private long[][] counts = new long[0][];
    private final Map<Integer, long[]> segments = new HashMap<>();
    private final Map<Integer, double[]> distances = new HashMap<>();

    TaskDrift() {
    }

    /** Starts counting afresh for model {@code version}: nobody is counted until scored by it. */
    public synchronized void reset(long version, DriftBaseline baseline) {
        this.version = version;
        this.baseline = baseline;
        counts = new long[baseline.bins().length][];
        for (int j = 0; j < counts.length; j++) {
            counts[j] = baseline.bins()[j] == null ? null : new long[baseline.bins()[j].size()];
        }
        segments.clear();
        distances.clear();
    }

    /** Counts a customer scored by the current model: its transformed features, segment and distance. */
    public synchronized void add(double[] z, int segment, double distance) {
        update(z, segment, distance, 1);
    }

    /** Un-counts a customer's previous state under the current model. */
    public synchronized void remove(double[] z, int segment, double distance) {
        update(z, segment, distance, -1);
    }

    private void update(double[] z, int segment, double distance, int sign) {
        for (int j = 0; j < counts.length; j++) {
            if (counts[j] != null) {
                counts[j][baseline.bins()[j].bin(z[j])] += sign;
            }
        }
        segments.computeIfAbsent(segment, s -> new long[1])[0] += sign;
        distances.computeIfAbsent(segment, s -> new double[1])[0] += sign * distance;
    }

    /** Adds this task's counts to {@code into} when it counts for the same model version. */
    synchronized void addTo(DriftSnapshot.Builder into) {
        into.add(version, baseline, counts, segments, distances);
    }

    synchronized long version() {
        return version;
    }
}
