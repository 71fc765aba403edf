package io.segstream.stream.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.FeatureHistogram;
import io.segstream.avro.FeatureTransform;
import io.segstream.avro.Segment;
import io.segstream.avro.SegmentModel;
import io.segstream.core.clustering.KMeans;
import io.segstream.core.drift.ReferenceBins;

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

    /**
     * A model fitted to {@code snapshot} like the trainer does (log1p, standard scaling, seeded k-means), with the
     * drift reference of the snapshot: deciles per feature in model space and the segment shares.
     */
    public static SegmentModel fitted(long version, List<String> features, List<CustomerFeatures> snapshot, int k,
                                      long seed) {
        int n = snapshot.size();
        int d = features.size();
        double[][] raw = new double[n][];
        for (int i = 0; i < n; i++) {
            raw[i] = vector(features, snapshot.get(i));
        }
        var transform = io.segstream.core.clustering.FeatureTransform.fit(raw);
        double[][] z = new double[n][];
        for (int i = 0; i < n; i++) {
            z[i] = transform.apply(raw[i], new double[d]);
        }
        KMeans fit = KMeans.fit(z, new KMeans.Options(k, 4, 300, 1e-4, seed));
        long[] sizes = new long[k];
        for (int label : fit.labels()) {
            sizes[label]++;
        }
        List<Segment> segments = new ArrayList<>();
        List<Double> shares = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            List<Double> centroid = Arrays.stream(fit.centroids()[c]).boxed().toList();
            segments.add(Segment.newBuilder().setId(c).setName("Segment " + c).setSize(sizes[c])
                    .setCentroid(centroid).setCentroidOriginal(centroid).build());
            shares.add((double) sizes[c] / n);
        }
        List<FeatureHistogram> histograms = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            double[] column = new double[n];
            for (int i = 0; i < n; i++) {
                column[i] = z[i][j];
            }
            ReferenceBins bins = ReferenceBins.fit(column);
            histograms.add(FeatureHistogram.newBuilder().setFeature(features.get(j))
                    .setEdges(Arrays.stream(bins.edges()).boxed().toList())
                    .setShares(Arrays.stream(bins.shares()).boxed().toList()).build());
        }
        List<Boolean> log = new ArrayList<>();
        for (boolean b : transform.log1p()) {
            log.add(b);
        }
        return SegmentModel.newBuilder()
                .setModelName("rfm").setVersion(version).setTrainedAt(Instant.now()).setSnapshotTime(Instant.EPOCH)
                .setCustomerCount(n).setSampleSize(n).setFeatureNames(List.copyOf(features))
                .setTransform(FeatureTransform.newBuilder().setLog1p(log).setScaling("standard")
                        .setCenter(Arrays.stream(transform.center()).boxed().toList())
                        .setScale(Arrays.stream(transform.scale()).boxed().toList()).build())
                .setSegments(segments).setChosenK(k).setSilhouette(0.5).setCalinskiHarabasz(1)
                .setDaviesBouldin(1).setInertia(fit.inertia())
                .setReferenceHistograms(histograms).setTrainingShares(shares).build();
    }

    private static double[] vector(List<String> features, CustomerFeatures f) {
        double[] x = new double[features.size()];
        for (int j = 0; j < x.length; j++) {
            x[j] = switch (features.get(j)) {
                case "recency" -> f.getRecencyDays();
                case "frequency" -> f.getFrequency();
                case "monetary" -> f.getMonetary();
                default -> throw new IllegalArgumentException(features.get(j));
            };
        }
        return x;
    }
}
