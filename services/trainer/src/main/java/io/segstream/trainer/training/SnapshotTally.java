package io.segstream.trainer.training;

import java.util.Optional;

import io.segstream.core.clustering.FeatureTransform;
import io.segstream.core.scoring.SegmentCentroids;
import io.segstream.trainer.snapshot.FeatureSnapshot;

/**
 * Every snapshot customer assigned to the new centroids (the fit may have seen only a sample), with segment sizes,
 * member means in original units and, against a previous model, how many customers changed segment id.
 *
 * @param sizes customers per cluster
 * @param means per cluster the mean raw features of its members
 * @param compared customers scored by both models
 * @param changed customers whose segment id differs
 */
record SnapshotTally(long[] sizes, double[][] means, long compared, long changed) {

    static SnapshotTally of(FeatureSnapshot snapshot, FeatureTransform transform, double[][] centroids, int[] ids,
            Optional<SegmentCentroids> previous) {
        int k = centroids.length;
        int d = snapshot.dimension();
        long[] sizes = new long[k];
        double[][] sums = new double[k][d];
        double[] raw = new double[d];
        double[] buf = new double[d];
        SegmentCentroids current = new SegmentCentroids(transform, centroids, ids);
        long changed = 0;
        for (int i = 0; i < snapshot.size(); i++) {
            snapshot.row(i, raw);
            int best = current.nearest(raw, buf);
            sizes[best]++;
            for (int t = 0; t < d; t++) {
                sums[best][t] += raw[t];
            }
            if (previous.isPresent() && previous.get().segmentId(raw, buf) != ids[best]) {
                changed++;
            }
        }
        double[][] means = new double[k][d];
        for (int j = 0; j < k; j++) {
            for (int t = 0; t < d; t++) {
                // An empty cluster keeps NaN means on purpose: the guard refuses the model by its size first.
                means[j][t] = sums[j][t] / sizes[j];
            }
        }
        return new SnapshotTally(sizes, means, previous.isPresent() ? snapshot.size() : 0, changed);
    }
}
