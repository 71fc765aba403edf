package io.segstream.trainer.cycle;

import java.util.Optional;

import io.segstream.avro.SegmentModel;
import io.segstream.trainer.snapshot.FeatureSnapshot;
import io.segstream.trainer.training.TrainingOutcome;

/**
 * What one snapshot-train-publish cycle did.
 *
 * @param previous the model in force before the cycle
 * @param snapshot the snapshot trained on
 * @param outcome the trained model or the refusal
 * @param published whether a model was written to the models topic
 * @param snapshotMillis wall time of reading the previous model and the snapshot
 * @param sampleMillis the part of {@code snapshotMillis} spent sampling (deciding which records to keep, storing
 *     them); the rest is fetching and decoding
 * @param trainMillis wall time from the end of the snapshot to the publish: the fit, and the interest model when it
 *     is refitted
 * @param publishMillis wall time of the publish, 0 when nothing was published
 */
public record CycleResult(Optional<SegmentModel> previous, FeatureSnapshot snapshot, TrainingOutcome outcome,
                          boolean published, long snapshotMillis, long sampleMillis, long trainMillis,
                          long publishMillis) {

    /** @return the published model, if any. */
    public Optional<SegmentModel> model() {
        return published && outcome instanceof TrainingOutcome.Trained t ? Optional.of(t.model()) : Optional.empty();
    }
}
