package io.segstream.platform.mapping;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.segstream.avro.Segment;
import io.segstream.avro.SegmentModel;
import io.segstream.core.clustering.FeatureTransform;
import io.segstream.core.features.Feature;
import io.segstream.core.features.FeatureVector;
import io.segstream.core.scoring.SegmentCentroids;

/**
 * The one mapping between the Avro {@link SegmentModel} and the core's segmentation geometry, with the validation
 * every reader needs: the trainer writes its transform and centroids through it, and the trainer (the model it
 * replaces) and the stream (the model it scores with) read models through {@link #decode}.
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

    private static double finite(double value, String label, String what) throws InvalidModelException {
        if (!Double.isFinite(value)) {
            throw new InvalidModelException(label + ": " + what + " value " + value + " is not finite");
        }
        return value;
    }
}
