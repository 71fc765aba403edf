package io.segstream.platform.mapping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.segstream.avro.Segment;
import io.segstream.avro.SegmentModel;
import io.segstream.core.clustering.FeatureTransform;
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
