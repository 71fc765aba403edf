package io.segstream.trainer.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.FeatureTrigger;
import io.segstream.core.features.FeatureVector;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.devstack.EmbeddedStack;
import io.segstream.platform.serde.AvroSerdeConfig;
import io.segstream.platform.serde.SpecificAvroSerde;
import io.segstream.trainer.snapshot.FeatureSnapshot;
import io.segstream.trainer.snapshot.SnapshotReader;
import io.segstream.trainer.training.ModelTrainer;
import io.segstream.trainer.training.TrainingOptions;
import io.segstream.trainer.training.TrainingOutcome;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Snapshot and training time for a million synthetic customers. Off by default (it produces a million records);
 * run with {@code -Dsegstream.bench=true -Dit.test=TrainerBenchIT}, optionally {@code -Dsegstream.bench.customers=N}
 * and {@code -Dsegstream.bench.sample=N}.
 */
@Tag("integration")
@EnabledIfSystemProperty(named = "segstream.bench", matches = "true")
public class TrainerBenchIT {

    private static final long AS_OF = Instant.parse("2011-12-09T12:50:00Z").toEpochMilli();

    @Test
    void givenAMillionCustomers_whenSnapshottedAndTrained_thenTimesAreReported() {
        int n = Integer.getInteger("segstream.bench.customers", 1_000_000);
        int sample = Integer.getInteger("segstream.bench.sample", 100_000);
        try (EmbeddedStack stack = EmbeddedStack.start(Path.of("target", "stack-run", "TrainerBenchIT"))) {
            SegstreamConfig config = stack.configure(SegstreamConfig.load(Optional.empty(), Map.of()));
            stack.createTopics(List.of(config.topics().features(), config.topics().models()));
            String topic = config.topics().features().name();
            long t0 = System.nanoTime();
            try (var serde = SpecificAvroSerde.create(CustomerFeatures.class,
                    AvroSerdeConfig.forValues(stack.registryUrl()));
                 var producer = new KafkaProducer<>(Map.<String, Object>of(
                         ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                         ProducerConfig.LINGER_MS_CONFIG, 50, ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                         ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new StringSerializer(), serde.serializer())) {
                SplittableRandom rng = new SplittableRandom(7);
                for (int i = 0; i < n; i++) {
                    String id = "c" + i;
                    producer.send(new ProducerRecord<>(topic, id, synthetic(id, rng)));
                }
                producer.flush();
            }
            long produceMs = (System.nanoTime() - t0) / 1_000_000;
            try (var serde = SpecificAvroSerde.create(CustomerFeatures.class,
                    AvroSerdeConfig.forValues(stack.registryUrl()))) {
                long t1 = System.nanoTime();
                FeatureSnapshot snapshot = SnapshotReader.read(config.kafkaProperties(), topic, serde.deserializer(),
                        FeatureVector.NAMES, Duration.ofMinutes(5));
                long readMs = (System.nanoTime() - t1) / 1_000_000;
                assertEquals(n, snapshot.size());

                TrainingOptions options = TrainingOptions.defaults().withMaxFitRows(sample);
                long t2 = System.nanoTime();
                TrainingOutcome.Trained t = assertInstanceOf(TrainingOutcome.Trained.class,
                        ModelTrainer.train(snapshot, Optional.empty(), options, 0));
                long trainMs = (System.nanoTime() - t2) / 1_000_000;
                long t3 = System.nanoTime();
                TrainingOutcome.Trained again = assertInstanceOf(TrainingOutcome.Trained.class,
                        ModelTrainer.train(snapshot, Optional.of(t.model()), options, 0));
                long refitMs = (System.nanoTime() - t3) / 1_000_000;

                assertEquals(sample, t.model().getSampleSize());
                assertEquals(0, again.report().changed());
                System.out.printf(Locale.ROOT, "BENCH customers=%d produce_ms=%d snapshot_read_ms=%d "
                                + "train_ms=%d refit_ms=%d sample=%d k=%d silhouette=%.4f heap_used_mb=%d%n", n,
                        produceMs, readMs, trainMs, refitMs, sample, t.model().getChosenK(),
                        t.model().getSilhouette(),
                        (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
            }
        }
    }

    /** Three behaviours (loyal, occasional, lapsed) with log-normal spend, roughly like the retail data. */
    public static CustomerFeatures synthetic(String id, SplittableRandom rng) {
        int kind = rng.nextInt(3);
        int frequency = switch (kind) {
            case 0 -> 5 + rng.nextInt(30);
            case 1 -> 1 + rng.nextInt(4);
            default -> 1 + rng.nextInt(2);
        };
        int recency = switch (kind) {
            case 0 -> rng.nextInt(30);
            case 1 -> 20 + rng.nextInt(120);
            default -> 150 + rng.nextInt(220);
        };
        double avg = Math.exp(5 + 0.7 * gaussian(rng) + (kind == 0 ? 0.5 : 0));
        double monetary = avg * frequency;
        int length = frequency == 1 ? 0 : rng.nextInt(Math.max(1, 373 - recency));
        long last = AS_OF - recency * 86_400_000L;
        return CustomerFeatures.newBuilder().setCustomerId(id).setAsOf(Instant.ofEpochMilli(AS_OF))
                .setFirstPurchase(Instant.ofEpochMilli(last - length * 86_400_000L))
                .setLastPurchase(Instant.ofEpochMilli(last)).setRecencyDays(recency).setFrequency(frequency)
                .setMonetary(monetary).setLengthDays(length).setAvgSpend(avg)
                .setUniqueProducts(1 + (int) (frequency * (3 + rng.nextInt(15))))
                .setFrequency6m(frequency / 2).setMonetary6m(monetary / 2).setTrigger(FeatureTrigger.PURCHASE).build();
    }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
