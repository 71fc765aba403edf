package io.segstream.stream.drift;

import java.util.HashMap;
import java.util.Map;

/**
 * Customers under one model version: count per reference bin of every feature, customers and summed distance to the
 * centroid per segment. Not thread-safe; {@link TaskDrift} guards it and hands out copies.
 */
final class Distribution {

    final long version;
    final DriftBaseline baseline;
    final long[][] counts;
    final Map<Integer, long[]> segments = new HashMap<>();
    final Map<Integer, double[]> distances = new HashMap<>();

    Distribution(long version, DriftBaseline baseline) {
        this.version = version;
        this.baseline = baseline;
        counts = new long[baseline.bins().length][];
        for (int j = 0; j < counts.length; j++) {
            counts[j] = baseline.bins()[j] == null ? null : new long[baseline.bins()[j].size()];
        }
    }

    void update(double[] z, int segment, double distance, int sign) {
        for (int j = 0; j < counts.length; j++) {
            if (counts[j] != null) {
                counts[j][baseline.bins()[j].bin(z[j])] += sign;
            }
        }
        segments.computeIfAbsent(segment, s -> new long[1])[0] += sign;
        distances.computeIfAbsent(segment, s -> new double[1])[0] += sign * distance;
    }

    Distribution copy() {
        Distribution c = new Distribution(version, baseline);
        for (int j = 0; j < counts.length; j++) {
            if (counts[j] != null) {
                System.arraycopy(counts[j], 0, c.counts[j], 0, counts[j].length);
            }
        }
        segments.forEach((id, n) -> c.segments.put(id, new long[] {n[0]}));
        distances.forEach((id, d) -> c.distances.put(id, new double[] {d[0]}));
        return c;
    }
}
