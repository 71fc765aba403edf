package io.segstream.trainer.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.segstream.avro.Segment;
import io.segstream.avro.SegmentModel;
import io.segstream.core.features.FeatureVector;
import io.segstream.trainer.RetailData;
import io.segstream.trainer.snapshot.FeatureSnapshot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every degenerate case is refused with its own reason, so the caller keeps the previous model. */
class ModelGuardTest {

    private static final TrainingOptions OPTIONS = TrainingOptions.defaults().withK(2, 3).withNInit(2);
    private static FeatureSnapshot snapshot;
    private static SegmentModel previous;

    @BeforeAll
    static void trainPrevious() {
        snapshot = RetailData.snapshot(RetailData.featuresUpTo(Long.MAX_VALUE));
        previous = assertInstanceOf(TrainingOutcome.Trained.class,
                ModelTrainer.train(snapshot, Optional.empty(), OPTIONS, 0)).model();
    }

    @Test
    void givenThreeCustomers_whenTrained_thenRefusedAsTooFew() {
        FeatureSnapshot tiny = FeatureSnapshot.of(new String[] {"a", "b", "c"},
                new double[][] {{1, 1, 10, 0, 1, 10}, {5, 2, 20, 3, 2, 10}, {9, 3, 30, 6, 3, 10}},
                FeatureVector.NAMES, 0);

        TrainingOutcome.Refused r = refused(ModelTrainer.train(tiny, Optional.of(previous), OPTIONS, 0));

        assertEquals(Refusal.TOO_FEW_CUSTOMERS, r.reason());
        assertTrue(r.detail().contains("3 customers"), r.detail());
    }

    @Test
    void givenCustomersWithoutPositiveSpend_whenTrained_thenRefusedAsTooFew() {
        double[][] rows = new double[100][];
        String[] ids = new String[100];
        for (int i = 0; i < rows.length; i++) {
            ids[i] = "c" + i;
            rows[i] = new double[] {i, 1, i < 10 ? 5 : -5, 0, 1, 1};
        }

        TrainingOutcome.Refused r = refused(ModelTrainer.train(FeatureSnapshot.of(ids, rows, FeatureVector.NAMES, 0),
                Optional.empty(), OPTIONS, 0));

        assertEquals(Refusal.TOO_FEW_CUSTOMERS, r.reason());
        assertTrue(r.detail().contains("Only 10 of 100"), r.detail());
    }

    @Test
    void givenNaNFeature_whenTrained_thenRefusedNamingTheCustomer() {
        double[] values = snapshot.values().clone();
        values[7 * 6 + 2] = Double.NaN;
        FeatureSnapshot bad = new FeatureSnapshot(snapshot.customerIds(), values, snapshot.featureNames(), 0,
                snapshot.endOffsets(), snapshot.recordsRead(), 0);

        TrainingOutcome.Refused r = refused(ModelTrainer.train(bad, Optional.of(previous), OPTIONS, 0));

        assertEquals(Refusal.NON_FINITE, r.reason());
        assertEquals("Customer " + snapshot.customerIds()[7] + " has monetary = NaN", r.detail());
    }

    @Test
    void givenPreviousModelWithOtherFeatures_whenTrained_thenRefusedAsFeaturesChanged() {
        SegmentModel other = SegmentModel.newBuilder(previous).setFeatureNames(FeatureVector.ALL_NAMES).build();

        TrainingOutcome.Refused r = refused(ModelTrainer.train(snapshot, Optional.of(other), OPTIONS, 0));

        assertEquals(Refusal.FEATURES_CHANGED, r.reason());
    }

    @Test
    void givenIdenticalCustomers_whenTrained_thenRefusedInsteadOfPublishingDuplicateSegments() {
        double[][] rows = new double[60][];
        String[] ids = new String[60];
        for (int i = 0; i < rows.length; i++) {
            ids[i] = "c" + i;
            rows[i] = new double[] {3, 2, 100, 10, 5, 50};
        }

        TrainingOutcome.Refused r = refused(ModelTrainer.train(FeatureSnapshot.of(ids, rows, FeatureVector.NAMES, 0),
                Optional.empty(), OPTIONS, 0));

        System.out.println("identical customers: " + r);
        assertTrue(r.reason() == Refusal.FIT_FAILED || r.reason() == Refusal.EMPTY_SEGMENT, r.toString());
    }

    @Test
    void givenCandidateWithEmptySegment_whenChecked_thenRefusedAsEmpty() {
        List<Segment> segments = new ArrayList<>(previous.getSegments());
        segments.set(1, Segment.newBuilder(segments.get(1)).setSize(0).build());

        TrainingOutcome.Refused r = ModelGuard.checkCandidate(
                SegmentModel.newBuilder(previous).setSegments(segments).build()).orElseThrow();

        assertEquals(Refusal.EMPTY_SEGMENT, r.reason());
    }

    @Test
    void givenCandidateWithOneSegment_whenChecked_thenRefusedAsTooFewSegments() {
        SegmentModel one = SegmentModel.newBuilder(previous).setSegments(previous.getSegments().subList(0, 1))
                .setChosenK(1).build();

        assertEquals(Refusal.TOO_FEW_SEGMENTS, ModelGuard.checkCandidate(one).orElseThrow().reason());
    }

    @Test
    void givenCandidateWithInfiniteCentroid_whenChecked_thenRefusedAsNonFinite() {
        List<Segment> segments = new ArrayList<>(previous.getSegments());
        List<Double> centroid = new ArrayList<>(segments.getFirst().getCentroid());
        centroid.set(3, Double.POSITIVE_INFINITY);
        segments.set(0, Segment.newBuilder(segments.getFirst()).setCentroid(centroid).build());

        TrainingOutcome.Refused r = ModelGuard.checkCandidate(
                SegmentModel.newBuilder(previous).setSegments(segments).build()).orElseThrow();

        assertEquals(Refusal.NON_FINITE, r.reason());
        assertTrue(r.detail().contains("centroid[3] = Infinity"), r.detail());
    }

    @Test
    void givenNaNSilhouette_whenChecked_thenRefusedAsNonFinite() {
        SegmentModel nan = SegmentModel.newBuilder(previous).setSilhouette(Double.NaN).build();

        assertEquals(Refusal.NON_FINITE, ModelGuard.checkCandidate(nan).orElseThrow().reason());
    }

    @Test
    void givenTrainedModel_whenChecked_thenAccepted() {
        assertEquals(Optional.empty(), ModelGuard.checkCandidate(previous));
        assertTrue(Arrays.stream(new int[] {previous.getChosenK()}).allMatch(k -> k >= 2));
    }

    private static TrainingOutcome.Refused refused(TrainingOutcome outcome) {
        return assertInstanceOf(TrainingOutcome.Refused.class, outcome);
    }
}
