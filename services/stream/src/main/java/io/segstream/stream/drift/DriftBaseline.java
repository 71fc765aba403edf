package io.segstream.stream.drift;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.segstream.avro.SegmentModel;
import io.segstream.core.drift.FeatureReference;
import io.segstream.core.drift.ReferenceBins;
import io.segstream.platform.mapping.SegmentModelCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training-snapshot distribution a model carries: bins per feature (model order; null where the model has none)
 * and each segment id's share. Models trained before drift was measured, or with an unusable reference, give an
 * empty baseline: they still score, only their drift gauges stay absent.
 *
 * @param features       feature names in model order
 * @param bins           reference bins per feature, null entries where missing
 * @param segmentShares  training share per segment id; empty when the model has none
 */
public record DriftBaseline(List<String> features, ReferenceBins[] bins, Map<Integer, Double> segmentShares) {

    private static final Logger LOG = LoggerFactory.getLogger(DriftBaseline.class);

    /** The baseline of {@code model}. */
    public static DriftBaseline of(SegmentModel model) {
        List<String> features = List.copyOf(model.getFeatureNames());
        ReferenceBins[] bins = new ReferenceBins[features.size()];
        try {
            for (FeatureReference reference : SegmentModelCodec.driftReference(model)) {
                int j = features.indexOf(reference.feature());
                if (j >= 0) {
                    bins[j] = reference.bins();
                }
            }
        } catch (IllegalArgumentException e) {
            LOG.warn("Model v{} has an unusable drift reference, no feature drift for it: {}", model.getVersion(),
                    e.getMessage());
            Arrays.fill(bins, null);
        }
        Map<Integer, Double> shares = new HashMap<>();
        if (model.getTrainingShares().size() == model.getSegments().size()) {
            for (int c = 0; c < model.getSegments().size(); c++) {
                shares.put(model.getSegments().get(c).getId(), model.getTrainingShares().get(c));
            }
        }
        return new DriftBaseline(features, bins, Map.copyOf(shares));
    }
}
