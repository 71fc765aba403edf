package io.segstream.platform.mapping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.segstream.avro.Segment;
import io.segstream.avro.SegmentModel;
import io.segstream.core.clustering.ClusterMetrics;
import io.segstream.core.clustering.FeatureTransform;
import io.segstream.core.clustering.KMeans;
import io.segstream.core.clustering.KSelection;
import io.segstream.core.clustering.TrainedSegmentation;
import io.segstream.core.scoring.SegmentCentroids;
import org.junit.jupiter.api.Test;

/** The one Avro ↔ core mapping of models: what the trainer writes, the stream and the trainer read back. */
class SegmentModelCodecTest {

    private static final List<String> FEATURES = List.of("recency", "frequency", "monetary");
    private static final FeatureTransform TRANSFORM = new FeatureTransform(new boolean[] {true, true, false},
            new double[] {3.1, 0.9, 120.5}, new double[] {1.2, 0.7, 310.25});

    @Test
    void givenAnEncodedTransformAndCentroids_whenDecoded_thenTheSameGeometryAndAssignments() throws Exception {
        SegmentModel model = model(TRANSFORM, new double[][] {{-1, 1, 0.5}, {1, -1, -0.5}}, new int[] {4, 2});

        SegmentCentroids decoded = SegmentModelCodec.decode(model);

        assertArrayEquals(TRANSFORM.log1p(), decoded.transform().log1p());
        assertArrayEquals(TRANSFORM.center(), decoded.transform().center());
        assertArrayEquals(TRANSFORM.scale(), decoded.transform().scale());
        assertArrayEquals(new int[] {4, 2}, decoded.ids());
        double[] buffer = new double[3];
        // A recent, frequent, big spender sits nearer the first centroid (low z-recency, high frequency).
        assertEquals(4, decoded.segmentId(new double[] {2, 40, 900}, buffer));
        assertEquals(2, decoded.segmentId(new double[] {300, 1, 15}, buffer));
    }

    @Test
    void givenATrainedSegmentation_whenEncoded_thenEveryValueIsInTheModelAndItDecodesToTheSameGeometry()
            throws Exception {
        double[][] centroids = {{-1, 1, 0.5}, {1, -1, -0.5}};
        KSelection.Entry two = new KSelection.Entry(2, new KMeans(centroids, new int[] {0, 1, 1}, 7.5, 4),
                new ClusterMetrics.Scores(0.61, 120.0, 0.45));
        KSelection.Entry three = new KSelection.Entry(3, new KMeans(new double[][] {{0, 0, 0}, {1, 1, 1}, {2, 2, 2}},
                new int[] {0, 1, 2}, 5.0, 6), new ClusterMetrics.Scores(0.40, 90.0, 0.70));
        TrainedSegmentation trained = new TrainedSegmentation("rfm", 7, 1_700_000_000_000L, 1_323_000_000_000L,
                4_372, 4_000, FEATURES, TRANSFORM,
                List.of(new TrainedSegmentation.Segment(4, "Loyal", 1_500, centroids[0], new double[] {20, 9, 3000}),
                        new TrainedSegmentation.Segment(2, "Lapsed", 2_872, centroids[1], new double[] {200, 1, 90})),
                two, List.of(two, three), List.of(0.34, 0.66));

        SegmentModel model = SegmentModelCodec.encode(trained, List.of(), null);

        assertEquals("rfm", model.getModelName());
        assertEquals(7L, model.getVersion());
        assertEquals(Instant.ofEpochMilli(1_700_000_000_000L), model.getTrainedAt());
        assertEquals(Instant.ofEpochMilli(1_323_000_000_000L), model.getSnapshotTime());
        assertEquals(4_372L, model.getCustomerCount());
        assertEquals(4_000, model.getSampleSize());
        assertEquals(2, model.getChosenK());
        assertEquals(0.61, model.getSilhouette());
        assertEquals(7.5, model.getInertia());
        assertEquals(List.of(2, 3), model.getKScores().stream().map(k -> k.getK()).toList());
        assertEquals(0.70, model.getKScores().get(1).getDaviesBouldin());
        assertEquals(List.of("Loyal", "Lapsed"), model.getSegments().stream().map(Segment::getName).toList());
        assertEquals(2_872L, model.getSegments().get(1).getSize());
        assertEquals(List.of(20.0, 9.0, 3000.0), model.getSegments().get(0).getCentroidOriginal());
        assertEquals(List.of(0.34, 0.66), model.getTrainingShares());
        assertEquals(null, model.getLifetimeValue());
        SegmentCentroids decoded = SegmentModelCodec.decode(model);
        assertArrayEquals(new int[] {4, 2}, decoded.ids());
        assertArrayEquals(TRANSFORM.scale(), decoded.transform().scale());
        assertThrows(IllegalArgumentException.class, () -> new TrainedSegmentation("rfm", 1, 0, 0, 1, 1, FEATURES,
                TRANSFORM, List.of(), two, List.of(two), List.of()), "one segment per centroid");
    }

    @Test
    void givenBrokenModels_whenDecoded_thenEachIsRefusedNamingTheProblem() {
        double[][] two = {{0, 0, 0}, {1, 1, 1}};
        assertMessage("uses feature 'shoe_size'", model(List.of("recency", "frequency", "shoe_size"), TRANSFORM,
                two, new int[] {0, 1}));
        SegmentModel valid = model(TRANSFORM, two, new int[] {0, 1});
        assertMessage("scale of monetary is 0", SegmentModel.newBuilder(valid).setTransform(
                io.segstream.avro.FeatureTransform.newBuilder(valid.getTransform()).setScale(List.of(1.0, 1.0, 0.0))
                        .build()).build());
        assertMessage("centroid value NaN is not finite", model(TRANSFORM, new double[][] {{0, Double.NaN, 0}},
                new int[] {0}));
        assertMessage("segment 7 centroid has 2 values, expected 3", model(TRANSFORM, new double[][] {{0, 0}},
                new int[] {7}));
        assertMessage("has no segments", model(TRANSFORM, new double[0][], new int[0]));
    }

    private static void assertMessage(String expected, SegmentModel model) {
        var e = assertThrows(SegmentModelCodec.InvalidModelException.class, () -> SegmentModelCodec.decode(model));
        assertEquals(true, e.getMessage().contains(expected), e.getMessage());
        assertEquals(true, e.getMessage().startsWith("model rfm v9"), e.getMessage());
    }

    private static SegmentModel model(FeatureTransform t, double[][] centroids, int[] ids) {
        return model(FEATURES, t, centroids, ids);
    }

    private static SegmentModel model(List<String> features, FeatureTransform t, double[][] centroids, int[] ids) {
        List<Segment> segments = new ArrayList<>();
        for (int c = 0; c < centroids.length; c++) {
            segments.add(Segment.newBuilder().setId(ids[c]).setName("s" + ids[c]).setSize(1)
                    .setCentroid(SegmentModelCodec.boxed(centroids[c]))
                    .setCentroidOriginal(SegmentModelCodec.boxed(centroids[c])).build());
        }
        return SegmentModel.newBuilder().setModelName("rfm").setVersion(9).setTrainedAt(Instant.EPOCH)
                .setSnapshotTime(Instant.EPOCH).setCustomerCount(10).setSampleSize(10).setFeatureNames(features)
                .setTransform(SegmentModelCodec.encode(t)).setSegments(segments).setChosenK(Math.max(1, ids.length))
                .setSilhouette(0.5).setCalinskiHarabasz(1).setDaviesBouldin(1).setInertia(1).build();
    }
}
