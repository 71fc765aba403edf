package io.segstream.stream.scoring;

import java.util.List;

import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.SegmentModel;
import io.segstream.core.clustering.FeatureTransform;
import io.segstream.core.scoring.CentroidScorer;
import io.segstream.core.scoring.SegmentCentroids;
import io.segstream.platform.mapping.FeatureColumns;
import io.segstream.platform.mapping.SegmentModelCodec;
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
 * @param centroids    each segment's centroid in model (scaled) space
 * @param profiles     each segment's centroid in original units (the members' means); empty rows when the model
 *                     carries none
 * @param neutral      per feature, the value that the transform maps to 0 (the training mean): what a missing value
 *                     counts as, i.e. a lifetime-value score of a customer without known purchase days
 */
public record ScoringModel(String name, long version, List<String> featureNames, int[] segmentIds,
                           String[] segmentNames, CentroidScorer scorer, FeatureTransform transform,
                           DriftBaseline baseline, Info info, double[][] centroids, double[][] profiles,
                           double[] neutral) {

    /**
     * Validates and converts a model.
     *
     * @throws ModelRejectedException naming the problem: an unknown feature, mismatched array lengths, no segments,
     *                                or a value that is not finite
     */
    public static ScoringModel from(SegmentModel model) throws ModelRejectedException {
        SegmentCentroids geometry;
        try {
            geometry = SegmentModelCodec.decode(model);
        } catch (SegmentModelCodec.InvalidModelException e) {
            throw new ModelRejectedException(e.getMessage());
        }
        String[] segmentNames = model.getSegments().stream().map(s -> s.getName()).toArray(String[]::new);
        var scorer = new CentroidScorer(geometry.transform(), geometry.centroids());
        var info = new Info(model.getVersion(), model.getTrainedAt().toEpochMilli(), model.getChosenK(),
                model.getSilhouette());
        double[][] profiles = model.getSegments().stream().map(s -> s.getCentroidOriginal().stream()
                .mapToDouble(Double::doubleValue).toArray()).toArray(double[][]::new);
        int d = geometry.transform().dimension();
        double[] neutral = geometry.transform().invert(new double[d], new double[d]);
        return new ScoringModel(model.getModelName(), model.getVersion(), List.copyOf(model.getFeatureNames()),
                geometry.ids(), segmentNames, scorer, geometry.transform(), DriftBaseline.of(model), info,
                geometry.centroids(), profiles, neutral);
    }

    /** The centroid index of a stable segment id, -1 when this model has no such segment. */
    public int indexOf(int segmentId) {
        for (int i = 0; i < segmentIds.length; i++) {
            if (segmentIds[i] == segmentId) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The raw feature vector of {@code features} in this model's order; a value the record lacks (a lifetime-value
     * score without purchase days or before the feature stage has a fit) counts as the training mean.
     */
    public double[] vector(CustomerFeatures f) {
        double[] v = FeatureColumns.of(f, featureNames, new double[featureNames.size()]);
        for (int j = 0; j < v.length; j++) {
            if (Double.isNaN(v[j])) {
                v[j] = neutral[j];
            }
        }
        return v;
    }

    /**
     * The segment of {@code f} under this model.
     *
     * @return the stable segment id and name with the distance and margin
     */
    public Match assign(CustomerFeatures f) {
        CentroidScorer.Score score = scorer.score(vector(f));
        return new Match(segmentIds[score.index()], segmentNames[score.index()], score.distance(),
                score.margin());
    }

    /** The segment of a vector already in model space (from {@link #transformed}); same as {@link #assign}. */
    public Match assignTransformed(double[] z) {
        CentroidScorer.Score score = scorer.scoreTransformed(z);
        return new Match(segmentIds[score.index()], segmentNames[score.index()], score.distance(),
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

    /** The segment a feature vector falls in: id and name, distance to its centroid, margin to the next one. */
    public record Match(int segmentId, String segmentName, double distance, double margin) {
    }
}
