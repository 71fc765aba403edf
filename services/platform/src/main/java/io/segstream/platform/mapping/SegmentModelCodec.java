package io.segstream.platform.mapping;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.segstream.avro.FeatureHistogram;
import io.segstream.avro.KScore;
import io.segstream.avro.Segment;
import io.segstream.avro.SegmentModel;
import io.segstream.core.clustering.FeatureTransform;
import io.segstream.core.clustering.KSelection;
import io.segstream.core.clustering.TrainedSegmentation;
import io.segstream.core.clv.ClvFit;
import io.segstream.core.clv.ClvModel;
import io.segstream.core.drift.FeatureReference;
import io.segstream.core.drift.ReferenceBins;
import io.segstream.core.features.Feature;
import io.segstream.core.features.FeatureVector;
import io.segstream.core.interest.InterestModel;
import io.segstream.core.scoring.SegmentCentroids;

/**
 * The one mapping between the Avro {@link SegmentModel} and the core values it carries, with the validation every
 * reader needs. The trainer hands over core values only: its {@link TrainedSegmentation}, each feature's
 * {@link FeatureReference} and the {@link ClvFit.LifetimeFit} through {@link #encode(TrainedSegmentation, List,
 * ClvFit.LifetimeFit)}, the {@link InterestModel} through {@link #withInterest} (or the previous model's, as published,
 * through {@link #withInterestOf}); these are the only writers of a published {@code SegmentModel} and its parts. The
 * trainer (the model it replaces) and the stream (the model it scores with) read the geometry through
 * {@link #decode}, and the parts through {@link #driftReference}, {@link #lifetimeValue} and {@link #interest}.
 */
public final class SegmentModelCodec {

    private SegmentModelCodec() {
    }

    /** A model that cannot be used; the message names the model version and the offending value. */
    public static final class InvalidModelException extends Exception {

        private static final long serialVersionUID = 1L;

        InvalidModelException(String message) {
            super(message);
        }
    }

    /**
     * Validates a model and returns its geometry.
     *
     * @throws InvalidModelException for a feature the stream does not compute, a transform or centroid that does not
     *                               match the features, no segments, a zero scale, or a value that is not finite
     */
    public static SegmentCentroids decode(SegmentModel model) throws InvalidModelException {
        String label = "model " + model.getModelName() + " v" + model.getVersion();
        List<String> names = List.copyOf(model.getFeatureNames());
        for (String feature : names) {
            if (!Feature.isKnown(feature)) {
                throw new InvalidModelException(label + " uses feature '" + feature
                        + "' the stream does not compute (known: " + FeatureVector.ALL_NAMES + ")");
            }
        }
        int d = names.size();
        var t = model.getTransform();
        if (d == 0 || t.getLog1p().size() != d || t.getCenter().size() != d || t.getScale().size() != d) {
            throw new InvalidModelException(label + ": transform does not match its " + d + " features");
        }
        if (model.getSegments().isEmpty()) {
            throw new InvalidModelException(label + " has no segments");
        }
        boolean[] log1p = new boolean[d];
        double[] center = new double[d];
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            log1p[j] = t.getLog1p().get(j);
            center[j] = finite(t.getCenter().get(j), label, "center");
            scale[j] = finite(t.getScale().get(j), label, "scale");
            if (scale[j] == 0) {
                throw new InvalidModelException(label + ": scale of " + names.get(j) + " is 0");
            }
        }
        int k = model.getSegments().size();
        double[][] centroids = new double[k][];
        int[] ids = new int[k];
        for (int c = 0; c < k; c++) {
            Segment segment = model.getSegments().get(c);
            if (segment.getCentroid().size() != d) {
                throw new InvalidModelException(label + ": segment " + segment.getId() + " centroid has "
                        + segment.getCentroid().size() + " values, expected " + d);
            }
            centroids[c] = new double[d];
            for (int j = 0; j < d; j++) {
                centroids[c][j] = finite(segment.getCentroid().get(j), label, "centroid");
            }
            ids[c] = segment.getId();
        }
        return new SegmentCentroids(new FeatureTransform(log1p, center, scale), centroids, ids);
    }

    /**
     * The drift reference a model carries, one per feature histogram in model order; empty in models trained before
     * drift was measured.
     *
     * @throws IllegalArgumentException for a histogram whose edges are not finite and strictly ascending, or whose
     *                                  shares are not one per bin
     */
    public static List<FeatureReference> driftReference(SegmentModel model) {
        return model.getReferenceHistograms().stream().map(h -> new FeatureReference(h.getFeature(),
                new ReferenceBins(unboxed(h.getEdges()), unboxed(h.getShares())))).toList();
    }

    /**
     * The lifetime-value model a model carries, null for none (see {@link LifetimeValueMapping#toCore}).
     *
     * @throws IllegalArgumentException for parameters the formulas cannot use or horizons out of range
     */
    public static ClvModel lifetimeValue(SegmentModel model) {
        return LifetimeValueMapping.toCore(model.getLifetimeValue());
    }

    /**
     * The interest model a model carries, null for none (see {@link InterestModelMapping#toCore}).
     *
     * @throws IllegalArgumentException when its parts do not fit together
     */
    public static InterestModel interest(SegmentModel model) {
        return model.getInterest() == null ? null : InterestModelMapping.toCore(model.getInterest());
    }

    /**
     * The Avro model of a trained segmentation, without an interest model.
     *
     * @param driftReference the drift reference of each feature, in model order (the trainer's {@code DriftReference})
     * @param lifetime       the lifetime-value fit (see {@link LifetimeValueMapping}), null for none
     */
    public static SegmentModel encode(TrainedSegmentation trained, List<FeatureReference> driftReference,
                                      ClvFit.LifetimeFit lifetime) {
        List<Segment> segments = trained.segments().stream().map(s -> Segment.newBuilder().setId(s.id())
                .setName(s.name()).setSize(s.size()).setCentroid(boxed(s.centroid()))
                .setCentroidOriginal(boxed(s.centroidOriginal())).build()).toList();
        KSelection.Entry chosen = trained.chosen();
        return SegmentModel.newBuilder()
                .setModelName(trained.modelName())
                .setVersion(trained.version())
                .setTrainedAt(Instant.ofEpochMilli(trained.trainedAtMillis()))
                .setSnapshotTime(Instant.ofEpochMilli(trained.snapshotTimeMillis()))
                .setCustomerCount(trained.customerCount())
                .setSampleSize(trained.sampleSize())
                .setFeatureNames(trained.featureNames())
                .setTransform(encode(trained.transform()))
                .setSegments(segments)
                .setChosenK(chosen.k())
                .setSilhouette(chosen.scores().silhouette())
                .setCalinskiHarabasz(chosen.scores().calinskiHarabasz())
                .setDaviesBouldin(chosen.scores().daviesBouldin())
                .setInertia(chosen.inertia())
                .setKScores(trained.candidates().stream().map(e -> KScore.newBuilder().setK(e.k())
                        .setInertia(e.inertia()).setSilhouette(e.scores().silhouette())
                        .setCalinskiHarabasz(e.scores().calinskiHarabasz())
                        .setDaviesBouldin(e.scores().daviesBouldin()).build()).toList())
                .setReferenceHistograms(driftReference.stream().map(SegmentModelCodec::histogram).toList())
                .setTrainingShares(trained.trainingShares())
                .setLifetimeValue(lifetime == null ? null : LifetimeValueMapping.toAvro(lifetime))
                .build();
    }

    /**
     * {@code model} carrying a newly fitted interest model (see {@link InterestModelMapping}).
     *
     * @param customers how many customers it was fitted on
     */
    public static SegmentModel withInterest(SegmentModel model, InterestModel interest, int customers) {
        return SegmentModel.newBuilder(model).setInterest(InterestModelMapping.toAvro(interest, customers)).build();
    }

    /**
     * {@code model} carrying the interest model {@code previous} carries, exactly as it was published (none when
     * {@code previous} has none): a kept interest model is not decoded and encoded again.
     */
    public static SegmentModel withInterestOf(SegmentModel model, SegmentModel previous) {
        return SegmentModel.newBuilder(model).setInterest(previous.getInterest()).build();
    }

    /** The Avro form of one feature's drift reference. */
    private static FeatureHistogram histogram(FeatureReference reference) {
        return FeatureHistogram.newBuilder().setFeature(reference.feature())
                .setEdges(boxed(reference.bins().edges())).setShares(boxed(reference.bins().shares())).build();
    }

    /** The Avro form of a fitted transform (log1p flags, then standard scaling). */
    public static io.segstream.avro.FeatureTransform encode(FeatureTransform t) {
        List<Boolean> log1p = new ArrayList<>(t.log1p().length);
        for (boolean b : t.log1p()) {
            log1p.add(b);
        }
        return io.segstream.avro.FeatureTransform.newBuilder().setLog1p(log1p).setScaling("standard")
                .setCenter(boxed(t.center())).setScale(boxed(t.scale())).build();
    }

    /** A vector as the Avro list of doubles. */
    public static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    private static double[] unboxed(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double finite(double value, String label, String what) throws InvalidModelException {
        if (!Double.isFinite(value)) {
            throw new InvalidModelException(label + ": " + what + " value " + value + " is not finite");
        }
        return value;
    }
}
