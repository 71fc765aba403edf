package io.segstream.core.drift;

import java.util.Objects;

/**
 * One feature's drift reference as a model carries it: the feature's name and the bins of the training snapshot.
 *
 * @param feature the feature's wire name
 * @param bins    the training snapshot's bins of it, in the model's transformed space
 */
public record FeatureReference(String feature, ReferenceBins bins) {

    /** Requires both. */
    public FeatureReference {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(bins, "bins");
    }
}
