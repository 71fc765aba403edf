package io.segstream.core.scoring;

import java.util.Arrays;

import io.segstream.core.clustering.FeatureTransform;
import io.segstream.core.clustering.KMeans;

/**
 * Assigns a raw feature vector to the nearest centroid of a model, in the model's transformed space. Allocation-free
 * per call apart from the result record; not thread-safe (it reuses a buffer), so use one per stream task.
 */
public final class CentroidScorer {

    private final FeatureTransform transform;
    private final double[][] centroids;
    private final double[] buffer;
    private final double[] squared = new double[2];

    /**
     * @param transform the model's fitted transform
     * @param centroids centroids in transformed space, one per segment, each of the transform's dimension
     */
    public CentroidScorer(FeatureTransform transform, double[][] centroids) {
        if (centroids.length == 0) {
            throw new IllegalArgumentException("A model needs at least one centroid");
        }
        for (int c = 0; c < centroids.length; c++) {
            if (centroids[c].length != transform.dimension()) {
                throw new IllegalArgumentException("Centroid " + c + " has " + centroids[c].length
                        + " values, the transform " + transform.dimension());
            }
        }
        this.transform = transform;
        this.centroids = Arrays.stream(centroids).map(double[]::clone).toArray(double[][]::new);
        this.buffer = new double[transform.dimension()];
    }

    /** Number of centroids. */
    public int size() {
        return centroids.length;
    }

    /**
     * Scores one raw feature vector.
     *
     * @return the nearest centroid's index, the Euclidean distance to it and the margin to the second nearest
     *     ({@code +Infinity} for a one-centroid model)
     */
    public Score score(double[] raw) {
        return scoreTransformed(transform.apply(raw, buffer));
    }

    /**
     * Scores a vector already in transformed space, e.g. one the caller also needs for other purposes; gives the
     * same result as {@link #score} of the raw vector.
     */
    public Score scoreTransformed(double[] z) {
        int best = KMeans.nearestTwo(centroids, z, squared);
        double distance = Math.sqrt(squared[0]);
        return new Score(best, distance, Math.sqrt(squared[1]) - distance);
    }

    /**
     * The nearest centroid of a scored vector.
     *
     * @param index    centroid index in the model
     * @param distance distance to it in transformed space
     * @param margin   distance to the second-nearest centroid minus {@code distance}; small means borderline
     */
    public record Score(int index, double distance, double margin) {
    }
}
