package io.segstream.trainer.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import io.segstream.avro.Segment;
import io.segstream.avro.SegmentModel;
import io.segstream.core.features.FeatureVector;
import io.segstream.trainer.snapshot.FeatureSnapshot;
import io.segstream.trainer.snapshot.SnapshotBuilder;
import org.junit.jupiter.api.Test;

/** Above the fit limit the snapshot is a sample; the model still speaks for every customer of the topic. */
class SampledTrainingTest {

    @Test
    void givenTopicLargerThanTheLimit_whenTrained_thenCountsAndSizesScaleToTheWholeTopic() {
        int customers = 60_000;
        int limit = 4_000;
        Random random = new Random(11);
        SnapshotBuilder builder = new SnapshotBuilder(FeatureVector.NAMES, 1024, limit, 0);
        for (int i = 0; i < customers; i++) {
            boolean loyal = i % 3 == 0;
            double recency = loyal ? 5 + random.nextInt(20) : 150 + random.nextInt(200);
            double frequency = loyal ? 10 + random.nextInt(10) : 1 + random.nextInt(2);
            double monetary = loyal ? 3_000 + random.nextInt(2_000) : 100 + random.nextInt(200);
            builder.put("c" + i, new double[] {recency, frequency, monetary, loyal ? 300 : 10,
                frequency * 5, monetary / frequency}, 1_000L);
        }
        FeatureSnapshot snapshot = builder.build(Map.of());
        TrainingOptions options = TrainingOptions.defaults().withK(2, 4).withNInit(2).withMaxFitRows(limit);

        TrainingOutcome outcome = ModelTrainer.train(snapshot, Optional.empty(), options, 0L);

        SegmentModel model = assertInstanceOf(TrainingOutcome.Trained.class, outcome).model();
        assertEquals(limit, snapshot.size());
        assertEquals(snapshot.customerCount(), model.getCustomerCount());
        assertEquals(customers, model.getCustomerCount(), customers * 0.05);
        long sizes = model.getSegments().stream().mapToLong(Segment::getSize).sum();
        assertEquals(model.getCustomerCount(), sizes, model.getSegments().size());
        assertTrue(model.getSampleSize() <= limit);
        assertEquals(2, model.getChosenK());
        long loyal = model.getSegments().stream().mapToLong(Segment::getSize).min().orElseThrow();
        assertEquals(customers / 3.0, loyal, customers * 0.03, "the loyal third, scaled from the sample");
    }

    @Test
    void givenTheSameTopicInAnotherOrder_whenSampledAndTrainedWithTheSameSeed_thenTheSameModel() {
        int limit = 3_000;
        TrainingOptions options = TrainingOptions.defaults().withK(2, 4).withNInit(2).withMaxFitRows(limit);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            order.add(i);
        }
        List<Integer> shuffled = new ArrayList<>(order);
        Collections.shuffle(shuffled, new Random(5));

        SegmentModel a = trained(sample(order, limit, 0), options);
        SegmentModel b = trained(sample(shuffled, limit, 0), options);
        FeatureSnapshot otherSeed = sample(order, limit, 1);

        assertEquals(a, b);
        assertFalse(Arrays.equals(sample(order, limit, 0).customerIds(), otherSeed.customerIds()),
                "another seed draws another sample");
    }

    @Test
    void givenASampleThinnedBelowTheMinimum_whenTrained_thenRefusedAsSampleTooSmall() {
        int limit = 60;
        // Two customers in three spent nothing, so 60 sampled leave about 20 to fit, below the 50 that k = 4..8 needs.
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            order.add(i);
        }
        SnapshotBuilder builder = new SnapshotBuilder(FeatureVector.NAMES, 16, limit, 0);
        for (int i : order) {
            double monetary = i % 3 == 0 ? 500 : 0;
            builder.put("c" + i, new double[] {10, 1, monetary, 0, 1, monetary}, 1_000L);
        }
        FeatureSnapshot snapshot = builder.build(Map.of());
        TrainingOptions options = TrainingOptions.defaults().withMaxFitRows(limit);

        TrainingOutcome outcome = ModelTrainer.train(snapshot, Optional.empty(), options, 0L);

        TrainingOutcome.Refused refused = assertInstanceOf(TrainingOutcome.Refused.class, outcome);
        assertEquals(Refusal.SAMPLE_TOO_SMALL, refused.reason());
        assertTrue(refused.detail().contains("segstream.trainer.sample-above"), refused.detail());
        assertTrue(refused.detail().contains("k up to 8 needs at least 50"), refused.detail());
    }

    private static FeatureSnapshot sample(List<Integer> order, int limit, long seed) {
        SnapshotBuilder builder = new SnapshotBuilder(FeatureVector.NAMES, 1024, limit, seed);
        for (int i : order) {
            Random random = new Random(i);
            boolean loyal = i % 3 == 0;
            double recency = loyal ? 5 + random.nextInt(20) : 150 + random.nextInt(200);
            double frequency = loyal ? 10 + random.nextInt(10) : 1 + random.nextInt(2);
            double monetary = loyal ? 3_000 + random.nextInt(2_000) : 100 + random.nextInt(200);
            builder.put("c" + i, new double[] {recency, frequency, monetary, loyal ? 300 : 10, frequency * 5,
                monetary / frequency}, 1_000L + i);
        }
        return builder.build(Map.of());
    }

    private static SegmentModel trained(FeatureSnapshot snapshot, TrainingOptions options) {
        return assertInstanceOf(TrainingOutcome.Trained.class,
                ModelTrainer.train(snapshot, Optional.empty(), options, 42L)).model();
    }
}
