package io.segstream.trainer.model;

import java.util.List;

import io.segstream.avro.SegmentModel;
import io.segstream.core.clustering.FeatureTransform;
import io.segstream.core.clustering.KMeans;

/**
 * Assigns raw feature rows to the segments of a {@link SegmentModel}: its transform, then the nearest centroid in
 * model space. Used to compare a refit with the model it replaces on the same customers.
 *
 * @param transform the model's feature transform
 * @param centroids the centroids in model space, in segment-list order
 * @param ids the segment id of each centroid
 */
public record ModelScorer(FeatureTransform transform, double[][] centroids, int[] ids) {

    /** Validates the shapes. */
    public ModelScorer {
        if (centroids.length == 0 || centroids.length != ids.length) {
            throw new IllegalArgumentException(centroids.length + " centroids and " + ids.length + " ids");
        }
        for (double[] c : centroids) {
            if (c.length != transform.dimension()) {
                throw new IllegalArgumentException("Centroid of " + c.length + " features, transform of "
                        + transform.dimension());
            }
        }
    }

    /**
     * @param model a model
     * @return its scorer
     */
    public static ModelScorer of(SegmentModel model) {
        var segments = model.getSegments();
        double[][] centroids = new double[segments.size()][];
        int[] ids = new int[segments.size()];
        for (int j = 0; j < centroids.length; j++) {
            centroids[j] = toArray(segments.get(j).getCentroid());
            ids[j] = segments.get(j).getId();
        }
        return new ModelScorer(transformOf(model), centroids, ids);
    }

    /**
     * @param model a model
     * @return its transform as the core type
     */
    public static FeatureTransform transformOf(SegmentModel model) {
        var t = model.getTransform();
        boolean[] log1p = new boolean[t.getLog1p().size()];
        for (int j = 0; j < log1p.length; j++) {
            log1p[j] = t.getLog1p().get(j);
        }
        return new FeatureTransform(log1p, toArray(t.getCenter()), toArray(t.getScale()));
    }

    /**
     * The nearest centroid of one raw row (lowest index on ties, as k-means).
     *
     * @param raw the raw features, in the model's feature order
     * @param buffer scratch space of the transform's dimension
     * @return the index in the model's segment list
     */
    public int nearest(double[] raw, double[] buffer) {
        return KMeans.nearest(centroids, transform.apply(raw, buffer));
    }

    /**
     * @param raw the raw features
     * @param buffer scratch space of the transform's dimension
     * @return the segment id of the nearest centroid
     */
    public int segmentId(double[] raw, double[] buffer) {
        return ids[nearest(raw, buffer)];
    }

    /** Copies a list of doubles. */
    public static double[] toArray(List<Double> values) {
        double[] a = new double[values.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = values.get(i);
        }
        return a;
    }
}
