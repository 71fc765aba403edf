package io.segstream.trainer.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
