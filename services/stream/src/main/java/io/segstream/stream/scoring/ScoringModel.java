package io.segstream.stream.scoring;

import java.util.List;

import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.SegmentModel;
import io.segstream.core.clustering.FeatureTransform;
import io.segstream.core.features.FeatureVector;
import io.segstream.core.scoring.CentroidScorer;
import io.segstream.platform.model.FeatureColumns;
import io.segstream.stream.drift.DriftBaseline;

/**
 * A validated {@link SegmentModel} ready to score {@link CustomerFeatures}: the transform and centroids from the
 * model, the stable segment ids and names, and the feature order. Not thread-safe (the scorer reuses a buffer).
 *
 * @param name         model name
 * @param version      model version
 * @param featureNames features in model order
 * @param segmentIds   stable segment id of each centroid
 * @param segmentNames name of each centroid
 * @param scorer       nearest-centroid scorer
 * @param transform    the model's feature transform
 * @param baseline     what drift is measured against
 * @param info         quality and age of the model, for gauges
 */
public record ScoringModel(String name, long version, List<String> featureNames, int[] segmentIds,
                           String[] segmentNames, CentroidScorer scorer, FeatureTransform transform,
                           DriftBaseline baseline, Info info) {

    /**
     * Validates and converts a model.
     *
     * @throws ModelRejectedException naming the problem: an unknown feature, mismatched array lengths, no segments,
     *                                or a value that is not finite
     */
    public static ScoringModel from(SegmentModel model) throws ModelRejectedException {
        List<String> names = List.copyOf(model.getFeatureNames());
        for (String feature : names) {
            if (!FeatureVector.ALL_NAMES.contains(feature)) {
                throw new ModelRejectedException("model " + model.getModelName() + " v" + model.getVersion()
                        + " uses feature '" + feature + "' the stream does not compute (known: "
                        + FeatureVector.ALL_NAMES + ")");
            }
        }
        int d = names.size();
        var t = model.getTransform();
        if (d == 0 || t.getLog1p().size() != d || t.getCenter().size() != d || t.getScale().size() != d) {
            throw new ModelRejectedException("model v" + model.getVersion() + ": transform does not match its "
                    + d + " features");
        }
        if (model.getSegments().isEmpty()) {
            throw new ModelRejectedException("model v" + model.getVersion() + " has no segments");
        }
        boolean[] log1p = new boolean[d];
        double[] center = new double[d];
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            log1p[j] = t.getLog1p().get(j);
            center[j] = finite(t.getCenter().get(j), model, "center");
            scale[j] = finite(t.getScale().get(j), model, "scale");
            if (scale[j] == 0) {
                throw new ModelRejectedException("model v" + model.getVersion() + ": scale of " + names.get(j)
                        + " is 0");
            }
        }
        int k = model.getSegments().size();
        double[][] centroids = new double[k][];
        int[] ids = new int[k];
        String[] segmentNames = new String[k];
        for (int c = 0; c < k; c++) {
            var segment = model.getSegments().get(c);
            if (segment.getCentroid().size() != d) {
                throw new ModelRejectedException("model v" + model.getVersion() + ": segment " + segment.getId()
                        + " centroid has " + segment.getCentroid().size() + " values, expected " + d);
            }
            centroids[c] = new double[d];
            for (int j = 0; j < d; j++) {
                centroids[c][j] = finite(segment.getCentroid().get(j), model, "centroid");
            }
            ids[c] = segment.getId();
            segmentNames[c] = segment.getName();
        }
        var transform = new FeatureTransform(log1p, center, scale);
        var scorer = new CentroidScorer(transform, centroids);
        var info = new Info(model.getVersion(), model.getTrainedAt().toEpochMilli(), model.getChosenK(),
                model.getSilhouette());
        return new ScoringModel(model.getModelName(), model.getVersion(), names, ids, segmentNames, scorer,
                transform, DriftBaseline.of(model), info);
    }

    private static double finite(double value, SegmentModel model, String what) throws ModelRejectedException {
        if (!Double.isFinite(value)) {
            throw new ModelRejectedException("model v" + model.getVersion() + ": " + what + " value " + value
                    + " is not finite");
        }
        return value;
    }

    /** The raw feature vector of {@code features} in this model's order. */
    public double[] vector(CustomerFeatures f) {
        return FeatureColumns.of(f, featureNames, new double[featureNames.size()]);
    }

    /**
     * The segment of {@code f} under this model.
     *
     * @return the stable segment id and name with the distance and margin
     */
    public Assignment assign(CustomerFeatures f) {
        CentroidScorer.Score score = scorer.score(vector(f));
        return new Assignment(segmentIds[score.index()], segmentNames[score.index()], score.distance(),
                score.margin());
    }

    /** The segment of a vector already in model space (from {@link #transformed}); same as {@link #assign}. */
    public Assignment assignTransformed(double[] z) {
        CentroidScorer.Score score = scorer.scoreTransformed(z);
        return new Assignment(segmentIds[score.index()], segmentNames[score.index()], score.distance(),
                score.margin());
    }

    /** {@code f} in model (transformed) space, into {@code out}. */
    public double[] transformed(CustomerFeatures f, double[] out) {
        return transform.apply(vector(f), out);
    }

    /**
     * What the gauges report about the model in use.
     *
     * @param version         model version
     * @param trainedAtMillis wall-clock training time
     * @param k               number of segments
     * @param silhouette      silhouette of the chosen clustering
     */
    public record Info(long version, long trainedAtMillis, int k, double silhouette) {
    }

    /** A segment assignment. */
    public record Assignment(int segmentId, String segmentName, double distance, double margin) {
    }
}
