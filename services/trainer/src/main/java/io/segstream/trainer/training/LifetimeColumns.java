package io.segstream.trainer.training;

import java.util.List;

import io.segstream.core.clustering.FeatureTransform;
import io.segstream.core.clv.ClvModel;
import io.segstream.core.clv.PurchaseHistory;
import io.segstream.core.features.Feature;
import io.segstream.trainer.snapshot.FeatureSnapshot;

/**
 * The lifetime-value columns of a snapshot when they are segmentation features. The values the snapshot read were
 * scored by the stream with the previous model's fit (or not at all, before the first); the model being trained
 * carries a new fit, so the columns are scored again with it, at the snapshot's day, from each row's purchase
 * history. A row without one gets NaN: it is left out of the fit and, once the transform is fitted, counted as the
 * training mean, as the stream counts a missing score.
 */
final class LifetimeColumns {

    private LifetimeColumns() {
    }

    /** Whether any of {@code features} is a lifetime-value score. */
    static boolean needed(List<String> features) {
        return features.stream().anyMatch(name -> Feature.of(name).needsLifetimeFit());
    }

    /** A copy of {@code snapshot} with its lifetime-value columns scored by {@code model}. */
    static FeatureSnapshot scored(FeatureSnapshot snapshot, ClvModel model) {
        List<String> names = snapshot.featureNames();
        int d = names.size();
        long endDay = PurchaseHistory.dayOf(snapshot.snapshotTimeMillis());
        double[] values = snapshot.values().clone();
        for (int i = 0; i < snapshot.size(); i++) {
            PurchaseHistory h = snapshot.purchaseHistory(i);
            ClvModel.Scores s = h == null ? null : model.score(h, endDay);
            for (int j = 0; j < d; j++) {
                Feature f = Feature.of(names.get(j));
                if (f.needsLifetimeFit()) {
                    values[i * d + j] = s == null ? Double.NaN : switch (f) {
                        case P_ALIVE -> s.pAlive();
                        case EXPECTED_PURCHASES -> s.expectedPurchases();
                        default -> s.lifetimeValue();
                    };
                }
            }
        }
        return withValues(snapshot, values);
    }

    /** Whether row {@code i} has a missing value. */
    static boolean missing(FeatureSnapshot snapshot, int i) {
        for (int j = 0; j < snapshot.dimension(); j++) {
            if (Double.isNaN(snapshot.get(i, j))) {
                return true;
            }
        }
        return false;
    }

    /** A copy with every missing value replaced by the value {@code transform} maps to 0 (the training mean). */
    static FeatureSnapshot imputed(FeatureSnapshot snapshot, FeatureTransform transform) {
        int d = snapshot.dimension();
        double[] mean = transform.invert(new double[d], new double[d]);
        double[] values = snapshot.values().clone();
        for (int k = 0; k < values.length; k++) {
            if (Double.isNaN(values[k])) {
                values[k] = mean[k % d];
            }
        }
        return withValues(snapshot, values);
    }

    private static FeatureSnapshot withValues(FeatureSnapshot s, double[] values) {
        return new FeatureSnapshot(s.customerIds(), values, s.featureNames(), s.snapshotTimeMillis(), s.endOffsets(),
                s.recordsRead(), s.tombstones(), s.customerCount(), s.purchases());
    }
}
