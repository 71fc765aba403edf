package io.segstream.trainer.training;

import java.util.List;
import java.util.Optional;

import io.segstream.avro.KScore;
import io.segstream.avro.Segment;
import io.segstream.avro.SegmentModel;
import io.segstream.core.features.Feature;
import io.segstream.trainer.snapshot.FeatureSnapshot;

/**
 * The checks a model must pass before it may replace the one the stream scores with. A refused model is never
 * published, so a bad snapshot costs one missed refit instead of wrong segments for every customer.
 */
public final class ModelGuard {

    private ModelGuard() {
    }

    /**
     * Checks a snapshot before any fitting.
     *
     * @param snapshot the snapshot
     * @param previous the model in force, if any
     * @param options the options
     * @return the refusal, or empty when training may go on
     */
    public static Optional<TrainingOutcome.Refused> checkSnapshot(FeatureSnapshot snapshot,
            Optional<SegmentModel> previous, TrainingOptions options) {
        if (snapshot.size() < options.minCustomers() && snapshot.sampled()) {
            return refuse(Refusal.SAMPLE_TOO_SMALL, sampleTooSmall(snapshot.size(), snapshot, options));
        }
        if (snapshot.size() < options.minCustomers()) {
            return refuse(Refusal.TOO_FEW_CUSTOMERS, "Snapshot has " + snapshot.size()
                    + " customers, the minimum is " + options.minCustomers());
        }
        if (!snapshot.featureNames().equals(options.featureNames())) {
            return refuse(Refusal.FEATURES_CHANGED, "Snapshot features " + snapshot.featureNames()
                    + " differ from the configured " + options.featureNames());
        }
        if (previous.isPresent()) {
            List<String> before = previous.get().getFeatureNames();
            if (!before.equals(options.featureNames())) {
                return refuse(Refusal.FEATURES_CHANGED, "Features " + options.featureNames()
                        + " differ from the previous model's " + before + " (version "
                        + previous.get().getVersion() + ")");
            }
        }
        double[] values = snapshot.values();
        int d = snapshot.dimension();
        // Lifetime-value columns are scored again with the new fit, and may be missing until the first one.
        boolean[] rescored = new boolean[d];
        for (int j = 0; j < d; j++) {
            rescored[j] = Feature.of(snapshot.featureNames().get(j)).needsLifetimeFit();
        }
        for (int i = 0; i < values.length; i++) {
            if (!rescored[i % d] && !Double.isFinite(values[i])) {
                return refuse(Refusal.NON_FINITE, "Customer " + snapshot.customerIds()[i / d] + " has "
                        + snapshot.featureNames().get(i % d) + " = " + values[i]);
            }
        }
        return Optional.empty();
    }

    /**
     * The explanation of a {@link Refusal#SAMPLE_TOO_SMALL}.
     *
     * @param eligible the sampled customers that could be fitted
     */
    static String sampleTooSmall(int eligible, FeatureSnapshot snapshot, TrainingOptions options) {
        return "The sample holds " + eligible + " customers to fit (" + snapshot.size() + " sampled of an estimated "
                + snapshot.customerCount() + "); k up to " + options.maxK() + " needs at least "
                + options.minCustomers() + ". Raise segstream.trainer.sample-above (now " + options.maxFitRows() + ")";
    }

    /**
     * Checks a fitted model.
     *
     * @param candidate the model to publish
     * @return the refusal, or empty when it may be published
     */
    public static Optional<TrainingOutcome.Refused> checkCandidate(SegmentModel candidate) {
        List<Segment> segments = candidate.getSegments();
        if (segments.size() < 2 || candidate.getChosenK() < 2) {
            return refuse(Refusal.TOO_FEW_SEGMENTS, "Model has " + segments.size() + " segments and chosen k "
                    + candidate.getChosenK() + "; at least 2 are needed");
        }
        if (candidate.getChosenK() != segments.size()) {
            return refuse(Refusal.TOO_FEW_SEGMENTS, "Chosen k " + candidate.getChosenK() + " but "
                    + segments.size() + " segments");
        }
        for (Segment s : segments) {
            if (s.getSize() <= 0) {
                return refuse(Refusal.EMPTY_SEGMENT, "Segment " + s.getId() + " (" + s.getName() + ") has "
                        + s.getSize() + " customers");
            }
        }
        Optional<String> bad = nonFinite(candidate);
        if (bad.isPresent()) {
            return refuse(Refusal.NON_FINITE, bad.get());
        }
        return Optional.empty();
    }

    private static Optional<String> nonFinite(SegmentModel m) {
        var t = m.getTransform();
        Optional<String> bad = firstNonFinite("transform center", t.getCenter())
                .or(() -> firstNonFinite("transform scale", t.getScale()))
                .or(() -> firstNonFinite("metrics", List.of(m.getSilhouette(), m.getCalinskiHarabasz(),
                        m.getDaviesBouldin(), m.getInertia())));
        if (bad.isPresent()) {
            return bad;
        }
        for (Segment s : m.getSegments()) {
            bad = firstNonFinite("segment " + s.getId() + " centroid", s.getCentroid())
                    .or(() -> firstNonFinite("segment " + s.getId() + " original centroid", s.getCentroidOriginal()));
            if (bad.isPresent()) {
                return bad;
            }
        }
        for (KScore k : m.getKScores()) {
            bad = firstNonFinite("scores of k=" + k.getK(), List.of(k.getInertia(), k.getSilhouette(),
                    k.getCalinskiHarabasz(), k.getDaviesBouldin()));
            if (bad.isPresent()) {
                return bad;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> firstNonFinite(String what, List<Double> values) {
        for (int i = 0; i < values.size(); i++) {
            if (!Double.isFinite(values.get(i))) {
                return Optional.of(what + "[" + i + "] = " + values.get(i));
            }
        }
        return Optional.empty();
    }

    private static Optional<TrainingOutcome.Refused> refuse(Refusal reason, String detail) {
        return Optional.of(new TrainingOutcome.Refused(reason, detail));
    }
}
