package io.segstream.core.scoring;

import io.segstream.core.clustering.FeatureTransform;
import io.segstream.core.clustering.KMeans;

/**
 * The geometry of a segmentation: the feature transform and, per segment, its stable id and centroid in model
 * space. Assigns raw feature rows to the nearest centroid (lowest index on ties, as k-means). The trainer compares a
 * refit with the model it replaces through it; {@code SegmentModelCodec} builds it from the Avro model.
 *
 * @param transform the model's feature transform
 * @param centroids the centroids in model space, in segment-list order
 * @param ids the segment id of each centroid
 */
public record SegmentCentroids(FeatureTransform transform, double[][] centroids, int[] ids) {

    /** Validates the shapes. */
    public SegmentCentroids {
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
}
