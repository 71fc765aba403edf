package io.segstream.trainer.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.segstream.core.clustering.FeatureTransform;
import io.segstream.core.drift.FeatureReference;
import io.segstream.core.drift.ReferenceBins;
import io.segstream.trainer.snapshot.FeatureSnapshot;

/**
 * What the stream measures drift against: per feature, decile bins of the whole training snapshot in transformed
 * space, and each segment's share of the snapshot. The whole snapshot, not the fitted sample, because the stream
 * scores every customer.
 */
final class DriftReference {

    private DriftReference() {
    }

    static List<FeatureReference> bins(FeatureSnapshot snapshot, FeatureTransform transform, List<String> features) {
        int n = snapshot.size();
        int d = snapshot.dimension();
        double[][] columns = new double[d][n];
        double[] raw = new double[d];
        double[] z = new double[d];
        for (int i = 0; i < n; i++) {
            transform.apply(snapshot.row(i, raw), z);
            for (int j = 0; j < d; j++) {
                columns[j][i] = z[j];
            }
        }
        List<FeatureReference> out = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            out.add(new FeatureReference(features.get(j), ReferenceBins.fit(columns[j])));
        }
        return out;
    }

    static List<Double> shares(long[] sizes) {
        long total = Arrays.stream(sizes).sum();
        return Arrays.stream(sizes).mapToDouble(s -> total == 0 ? 0 : (double) s / total).boxed().toList();
    }
}
