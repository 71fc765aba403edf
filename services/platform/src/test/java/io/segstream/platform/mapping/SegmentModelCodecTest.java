package io.segstream.platform.mapping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.segstream.avro.FeatureHistogram;
import io.segstream.avro.LifetimeValueModel;
import io.segstream.avro.Segment;
import io.segstream.avro.SegmentModel;
import io.segstream.core.clustering.ClusterMetrics;
import io.segstream.core.clustering.FeatureTransform;
import io.segstream.core.clustering.KMeans;
import io.segstream.core.clustering.KSelection;
import io.segstream.core.clustering.TrainedSegmentation;
import io.segstream.core.clv.BgNbd;
import io.segstream.core.clv.ClvFit;
import io.segstream.core.clv.ClvModel;
import io.segstream.core.clv.GammaGamma;
import io.segstream.core.drift.FeatureReference;
import io.segstream.core.drift.ReferenceBins;
import io.segstream.core.interest.FirstInvoice;
import io.segstream.core.interest.InterestModel;
import io.segstream.core.interest.SoftmaxRegression;
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
        TrainedSegmentation trained = trained();

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
        assertEquals(null, model.getInterest());
        SegmentCentroids decoded = SegmentModelCodec.decode(model);
        assertArrayEquals(new int[] {4, 2}, decoded.ids());
        assertArrayEquals(TRANSFORM.scale(), decoded.transform().scale());
        assertThrows(IllegalArgumentException.class, () -> new TrainedSegmentation("rfm", 1, 0, 0, 1, 1, FEATURES,
                TRANSFORM, List.of(), two(), List.of(two()), List.of()), "one segment per centroid");
    }

    /**
     * The trainer hands over core values only; the model they encode to is the one the trainer built before, when it
     * made the Avro parts itself (the histograms in its drift reference, the lifetime-value record in its fit, the
     * interest record in its interest training): the same fields and the same bytes.
     */
    @Test
    void givenCoreDriftLifetimeAndInterestValues_whenEncoded_thenTheSameAvroAndBytesAsTheTrainerBuiltBefore()
            throws Exception {
        List<FeatureReference> reference = List.of(
                new FeatureReference("recency", new ReferenceBins(new double[] {-1.25, 0.1, 0.8},
                        new double[] {0.3, 0.2, 0.4, 0.1})),
                new FeatureReference("frequency", new ReferenceBins(new double[] {0.5}, new double[] {0.55, 0.45})),
                new FeatureReference("monetary", new ReferenceBins(new double[0], new double[] {1.0})));
        ClvFit.LifetimeFit lifetime = lifetime();
        InterestModel interest = interest();

        SegmentModel model = SegmentModelCodec.withInterest(SegmentModelCodec.encode(trained(), reference, lifetime),
                interest, 4_100);

        SegmentModel before = SegmentModel.newBuilder(SegmentModelCodec.encode(trained(), List.of(), null))
                .setReferenceHistograms(previousHistograms(reference))
                .setLifetimeValue(previousLifetimeValue(lifetime.purchases(), lifetime.spend(),
                        lifetime.purchases().customers(), lifetime.model()))
                .setInterest(InterestModelMapping.toAvro(interest, 4_100)).build();
        assertEquals(before, model);
        assertArrayEquals(Encodings.datumWriter(before), Encodings.datumWriter(model));
        FeatureHistogram recency = model.getReferenceHistograms().get(0);
        assertEquals("recency", recency.getFeature());
        assertEquals(List.of(-1.25, 0.1, 0.8), recency.getEdges());
        assertEquals(List.of(0.3, 0.2, 0.4, 0.1), recency.getShares());
        assertEquals(List.of(), model.getReferenceHistograms().get(2).getEdges());
        LifetimeValueModel clv = model.getLifetimeValue();
        assertEquals(List.of(0.243, 4.414, 0.793, 2.426, 6.25, 3.74, 15.44), List.of(clv.getR(), clv.getAlpha(),
                clv.getA(), clv.getB(), clv.getP(), clv.getQ(), clv.getV()));
        assertEquals(2_357L, clv.getCustomers());
        assertEquals(946L, clv.getRepeatCustomers());
        assertEquals(-9582.4, clv.getPurchasesLogLikelihood());
        assertEquals(-4066.2, clv.getSpendLogLikelihood());
        assertEquals(List.of(90, 12), List.of(clv.getOutlookDays(), clv.getHorizonMonths()));
        assertEquals(0.01, clv.getMonthlyDiscount());
        assertEquals(4_100, model.getInterest().getCustomers());
        assertEquals(List.of(List.of(0.0, 0.5, -1.0), List.of(1.5, -0.25, 2.0)), model.getInterest().getWeights()
                .stream().map(w -> w.subList(0, 3)).toList());
        assertEquals(Map.of("A1", 0, "A2", 0, "B1", 1), model.getInterest().getProductCategory());

        assertEquals(reference, SegmentModelCodec.driftReference(model));
        assertEquals(lifetime.model(), SegmentModelCodec.lifetimeValue(model));
        InterestModel decoded = SegmentModelCodec.interest(model);
        assertEquals(interest.productCategory(), decoded.productCategory());
        assertEquals(interest.interestNames(), decoded.interestNames());
        assertEquals(interest.encoding(), decoded.encoding());
        assertArrayEquals(interest.classifier().weights(), decoded.classifier().weights());
        assertArrayEquals(interest.classifier().center(), decoded.classifier().center());
        assertArrayEquals(interest.classifier().scale(), decoded.classifier().scale());
    }

    @Test
    void givenAPreviousModel_whenItsInterestIsKept_thenTheNewModelCarriesItsAvroRecordAsPublished() {
        SegmentModel fresh = SegmentModelCodec.encode(trained(), List.of(), null);
        SegmentModel previous = SegmentModelCodec.withInterest(fresh, interest(), 4_100);

        SegmentModel kept = SegmentModelCodec.withInterestOf(fresh, previous);

        assertSame(previous.getInterest(), kept.getInterest());
        assertEquals(previous, kept);
        assertNull(SegmentModelCodec.withInterestOf(previous, fresh).getInterest(), "none when the previous has none");
        assertNull(SegmentModelCodec.interest(fresh));
        assertNull(SegmentModelCodec.lifetimeValue(fresh));
        assertEquals(List.of(), SegmentModelCodec.driftReference(fresh));
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

    private static KSelection.Entry two() {
        return new KSelection.Entry(2, new KMeans(new double[][] {{-1, 1, 0.5}, {1, -1, -0.5}}, new int[] {0, 1, 1},
                7.5, 4), new ClusterMetrics.Scores(0.61, 120.0, 0.45));
    }

    private static TrainedSegmentation trained() {
        KSelection.Entry two = two();
        double[][] centroids = two.model().centroids();
        KSelection.Entry three = new KSelection.Entry(3, new KMeans(new double[][] {{0, 0, 0}, {1, 1, 1}, {2, 2, 2}},
                new int[] {0, 1, 2}, 5.0, 6), new ClusterMetrics.Scores(0.40, 90.0, 0.70));
        return new TrainedSegmentation("rfm", 7, 1_700_000_000_000L, 1_323_000_000_000L, 4_372, 4_000, FEATURES,
                TRANSFORM,
                List.of(new TrainedSegmentation.Segment(4, "Loyal", 1_500, centroids[0], new double[] {20, 9, 3000}),
                        new TrainedSegmentation.Segment(2, "Lapsed", 2_872, centroids[1], new double[] {200, 1, 90})),
                two, List.of(two, three), List.of(0.34, 0.66));
    }

    /** A lifetime-value fit with CDNOW's published parameters. */
    private static ClvFit.LifetimeFit lifetime() {
        ClvFit.BgNbdFit purchases = new ClvFit.BgNbdFit(new BgNbd(0.243, 4.414, 0.793, 2.426), -9582.4, 2_357);
        ClvFit.GammaGammaFit spend = new ClvFit.GammaGammaFit(new GammaGamma(6.25, 3.74, 15.44), -4066.2, 946);
        return new ClvFit.LifetimeFit(purchases, spend,
                ClvModel.withDefaultHorizons(purchases.model(), spend.model()));
    }

    /** Two product categories, one country, two interests. */
    private static InterestModel interest() {
        FirstInvoice encoding = new FirstInvoice(2, List.of("United Kingdom"));
        int d = encoding.width();
        double[][] w = new double[2][d + 1];
        w[0][1] = 0.5;
        w[0][2] = -1;
        w[1][0] = 1.5;
        w[1][1] = -0.25;
        w[1][2] = 2;
        double[] center = new double[d];
        double[] scale = new double[d];
        Arrays.fill(center, 0.125);
        Arrays.fill(scale, 2);
        return new InterestModel(Map.of("A1", 0, "A2", 0, "B1", 1), List.of("a things", "b things"), encoding,
                List.of("A lovers", "B lovers"), new SoftmaxRegression(center, scale, w));
    }

    /** The histograms as the trainer's {@code DriftReference} built them before the codec did. */
    private static List<FeatureHistogram> previousHistograms(List<FeatureReference> reference) {
        List<FeatureHistogram> out = new ArrayList<>();
        for (FeatureReference r : reference) {
            out.add(FeatureHistogram.newBuilder().setFeature(r.feature())
                    .setEdges(Arrays.stream(r.bins().edges()).boxed().toList())
                    .setShares(Arrays.stream(r.bins().shares()).boxed().toList()).build());
        }
        return out;
    }

    /** The record as {@code LifetimeValueMapping.toAvro} built it from the trainer's parts before the codec did. */
    private static LifetimeValueModel previousLifetimeValue(ClvFit.BgNbdFit purchases, ClvFit.GammaGammaFit spend,
                                                            long customers, ClvModel horizons) {
        BgNbd p = purchases.model();
        GammaGamma s = spend.model();
        return LifetimeValueModel.newBuilder()
                .setR(p.r()).setAlpha(p.alpha()).setA(p.a()).setB(p.b())
                .setP(s.p()).setQ(s.q()).setV(s.v())
                .setCustomers(customers)
                .setRepeatCustomers(spend.customers())
                .setPurchasesLogLikelihood(purchases.logLikelihood())
                .setSpendLogLikelihood(spend.logLikelihood())
                .setOutlookDays(horizons.outlookDays())
                .setHorizonMonths(horizons.horizonMonths())
                .setMonthlyDiscount(horizons.monthlyDiscount())
                .build();
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
