package io.segstream.stream.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import io.segstream.avro.FeatureTransform;
import io.segstream.avro.Segment;
import io.segstream.avro.SegmentModel;

/** Builds {@link SegmentModel}s for tests: explicit centroids, or seeded random ones. */
public final class TestModels {

    private TestModels() {
    }

    /**
     * A model over {@code features} with an identity transform (no log, centre 0, scale 1), so centroids are in
     * original units and tests can reason about distances directly.
     */
    public static SegmentModel identity(long version, List<String> features, int[] ids, String[] names,
                                        double[][] centroids) {
        int d = features.size();
        List<Boolean> log = new ArrayList<>();
        List<Double> zero = new ArrayList<>();
        List<Double> one = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            log.add(false);
            zero.add(0.0);
            one.add(1.0);
        }
        List<Segment> segments = new ArrayList<>();
        for (int c = 0; c < centroids.length; c++) {
            List<Double> centroid = Arrays.stream(centroids[c]).boxed().toList();
            segments.add(Segment.newBuilder().setId(ids[c]).setName(names[c]).setSize(1).setCentroid(centroid)
                    .setCentroidOriginal(centroid).build());
        }
        return SegmentModel.newBuilder()
                .setModelName("rfm").setVersion(version).setTrainedAt(Instant.EPOCH).setSnapshotTime(Instant.EPOCH)
                .setCustomerCount(centroids.length).setSampleSize(centroids.length)
                .setFeatureNames(List.copyOf(features))
                .setTransform(FeatureTransform.newBuilder().setLog1p(log).setScaling("standard").setCenter(zero)
                        .setScale(one).build())
                .setSegments(segments).setChosenK(centroids.length).setSilhouette(0.5).setCalinskiHarabasz(1)
                .setDaviesBouldin(1).setInertia(1).build();
    }

    /** A seeded model with {@code k} random centroids over {@code features}. */
    public static SegmentModel random(long version, List<String> features, int k, long seed) {
        Random random = new Random(seed);
        double[][] centroids = new double[k][features.size()];
        int[] ids = new int[k];
        String[] names = new String[k];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < features.size(); j++) {
                centroids[c][j] = random.nextGaussian() * 100;
            }
            ids[c] = c;
            names[c] = "Segment " + c;
        }
        return identity(version, features, ids, names, centroids);
    }
}
