package io.segstream.trainer.cycle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.FeatureTrigger;
import io.segstream.avro.InterestModel;
import io.segstream.avro.InvoiceEvent;
import io.segstream.avro.Segment;
import io.segstream.avro.SegmentModel;
import io.segstream.core.features.FeatureVector;
import io.segstream.core.features.Features;
import io.segstream.core.interest.InterestFit;
import io.segstream.core.invoice.Invoice;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.devstack.EmbeddedStack;
import io.segstream.platform.mapping.FeaturesMapping;
import io.segstream.platform.mapping.InterestModelMapping;
import io.segstream.platform.mapping.InvoiceMapping;
import io.segstream.platform.serde.AvroSerdeConfig;
import io.segstream.platform.serde.SpecificAvroSerde;
import io.segstream.platform.topics.TopicSpec;
import io.segstream.trainer.RetailData;
import io.segstream.trainer.publish.PublishedModels;
import io.segstream.trainer.schedule.Schedule;
import io.segstream.trainer.schedule.Trainer;
import io.segstream.trainer.snapshot.FeatureSnapshot;
import io.segstream.trainer.training.Refusal;
import io.segstream.trainer.training.TrainingOptions;
import io.segstream.trainer.training.TrainingOutcome;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Snapshot, train and publish against a real embedded broker and Apicurio registry, with the features of every
 * Online Retail customer on the compacted topic. The tests run in order: each builds on the models before it.
 */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrainerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String TOMBSTONED = "12346";
    private static EmbeddedStack stack;
    private static SegstreamConfig config;
    private static Map<String, Features> latest;
    private static List<String> firstRunIds;

    @BeforeAll
    static void startAndProduce() {
        stack = EmbeddedStack.start(Path.of("target", "stack-run", "TrainerIT"));
        config = stack.configure(SegstreamConfig.load(Optional.empty(), Map.of(SegstreamConfig.PARTITIONS, "3")));
        stack.createTopics(List.of(config.topics().features(), config.topics().models(),
                new TopicSpec("tiny-features", 1, true)));
        Map<String, Features> monthBefore = RetailData.featuresUpTo(RetailData.monthBeforeEnd());
        latest = RetailData.featuresUpTo(Long.MAX_VALUE);
        try (var serde = SpecificAvroSerde.create(CustomerFeatures.class,
                AvroSerdeConfig.forValues(stack.registryUrl()));
             KafkaProducer<String, CustomerFeatures> producer = producer(serde)) {
            String topic = config.topics().features().name();
            // Older values first, so the snapshot must keep the latest of each key.
            monthBefore.forEach((id, f) -> producer.send(new ProducerRecord<>(topic, id, avro(id, f))));
            latest.forEach((id, f) -> producer.send(new ProducerRecord<>(topic, id, avro(id, f))));
            producer.send(new ProducerRecord<>(topic, TOMBSTONED, null));
            List.of("a", "b", "c").forEach(id -> producer.send(new ProducerRecord<>("tiny-features", id,
                    avro(id, latest.get("12347")))));
            producer.flush();
        }
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void givenFeaturesWithUpdatesAndATombstone_whenTrainedOnce_thenSnapshotHoldsLiveKeysAndVersion1IsPublished() {
        CycleResult result;
        try (TrainingCycle cycle = new TrainingCycle(config, TrainingOptions.defaults(), TIMEOUT, Clock.systemUTC())) {
            result = cycle.run();
        }

        FeatureSnapshot snapshot = result.snapshot();
        TreeSet<String> live = new TreeSet<>(latest.keySet());
        live.remove(TOMBSTONED);
        assertArrayEquals(live.toArray(String[]::new), snapshot.customerIds());
        double[] row = new double[snapshot.dimension()];
        for (int i = 0; i < snapshot.size(); i++) {
            assertArrayEquals(FeatureVector.of(latest.get(snapshot.customerIds()[i])), snapshot.row(i, row),
                    snapshot.customerIds()[i]);
        }
        assertEquals(RetailData.lastInvoiceMillis(), snapshot.snapshotTimeMillis());
        assertEquals(1, snapshot.tombstones());
        assertTrue(result.published());
        SegmentModel model = published().orElseThrow();
        assertEquals(1L, model.getVersion());
        assertEquals(result.model().orElseThrow(), model);
        assertEquals(live.size(), model.getCustomerCount());
        firstRunIds = ids(model);
        System.out.printf(Locale.ROOT, "IT: snapshot of %d customers (%d records) read in %d ms, trained in %d ms,"
                        + " published in %d ms; k=%d silhouette=%.4f%n", snapshot.size(), snapshot.recordsRead(),
                result.snapshotMillis(), ((TrainingOutcome.Trained) result.outcome()).fitMillis(),
                result.publishMillis(), model.getChosenK(), model.getSilhouette());
    }

    @Test
    @Order(2)
    void givenPublishedModel_whenTrainedAgain_thenVersion2WithSameIdsAndNames() {
        SegmentModel before = published().orElseThrow();
        try (TrainingCycle cycle = new TrainingCycle(config, TrainingOptions.defaults(), TIMEOUT, Clock.systemUTC())) {
            CycleResult result = cycle.run();

            assertTrue(result.published());
            assertEquals(1, cycle.stats().published());
        }

        SegmentModel after = published().orElseThrow();
        assertEquals(2L, after.getVersion());
        assertEquals(firstRunIds, ids(after));
        assertEquals(names(before), names(after));
    }

    @Test
    @Order(3)
    void givenThreeCustomerSnapshot_whenTrained_thenNothingIsPublishedAndVersion2Stays() {
        SegstreamConfig tiny = config.with(SegstreamConfig.TOPIC_PREFIX + "customer-features", "tiny-features");
        try (TrainingCycle cycle = new TrainingCycle(tiny, TrainingOptions.defaults(), TIMEOUT, Clock.systemUTC())) {
            CycleResult result = cycle.run();

            assertFalse(result.published());
            assertEquals(Refusal.TOO_FEW_CUSTOMERS,
                    assertInstanceOf(TrainingOutcome.Refused.class, result.outcome()).reason());
            assertEquals(1, cycle.stats().refused(Refusal.TOO_FEW_CUSTOMERS));
            assertEquals(0, cycle.stats().published());
            assertEquals(2L, result.previous().orElseThrow().getVersion());
        }
        assertEquals(2L, published().orElseThrow().getVersion());
    }

    @Test
    @Order(4)
    void givenRunningTrainer_whenEnoughCustomersChange_thenItRetrainsAndStopsGracefully() throws Exception {
        List<Long> versions = new CopyOnWriteArrayList<>();
        try (TrainingCycle cycle = new TrainingCycle(config, TrainingOptions.defaults(), TIMEOUT, Clock.systemUTC())) {
            Trainer trainer = new Trainer(cycle, new Schedule(Duration.ofHours(1), 3), config.kafkaProperties(),
                    config.topics().features().name(), TIMEOUT,
                    r -> r.model().ifPresent(m -> versions.add(m.getVersion())));
            Thread thread = Thread.ofPlatform().name("trainer").start(trainer);
            waitFor(() -> versions.size() == 1);
            assertEquals(List.of(3L), versions);

            try (var serde = SpecificAvroSerde.create(CustomerFeatures.class,
                    AvroSerdeConfig.forValues(stack.registryUrl()));
                 KafkaProducer<String, CustomerFeatures> producer = producer(serde)) {
                for (String id : List.of("new-1", "new-2", "new-3")) {
                    producer.send(new ProducerRecord<>(config.topics().features().name(), id,
                            avro(id, latest.get("12347"))));
                }
            }
            waitFor(() -> versions.size() == 2);

            trainer.stop();
            assertTrue(trainer.awaitStop(Duration.ofSeconds(30)));
            thread.join(5_000);
            assertEquals(List.of(3L, 4L), versions);
            assertEquals(live() + 3, published().orElseThrow().getCustomerCount());
        }
    }

    @Test
    @Order(5)
    void givenStreamTimeSchedule_whenFeaturesMoveThirtyDaysPastTheSnapshot_thenItRetrainsAndNotBefore()
            throws Exception {
        long snapshotTime = latest.values().stream().mapToLong(Features::asOfMillis).max().orElseThrow();
        List<Long> versions = new CopyOnWriteArrayList<>();
        try (TrainingCycle cycle = new TrainingCycle(config, TrainingOptions.defaults(), TIMEOUT, Clock.systemUTC());
             var serde = SpecificAvroSerde.create(CustomerFeatures.class,
                     AvroSerdeConfig.forValues(stack.registryUrl()));
             KafkaProducer<String, CustomerFeatures> producer = producer(serde)) {
            Trainer trainer = new Trainer(cycle, new Schedule(Duration.ZERO, 0, Duration.ofDays(30)),
                    config.kafkaProperties(), config.topics().features().name(), TIMEOUT,
                    r -> r.model().ifPresent(m -> versions.add(m.getVersion())));
            Thread thread = Thread.ofPlatform().name("trainer").start(trainer);
            waitFor(() -> versions.size() == 1);

            sendAt(producer, "later-1", snapshotTime + Duration.ofDays(10).toMillis());
            Thread.sleep(3_000);
            assertEquals(1, versions.size(), "retrained only 10 days of stream time after the snapshot");
            sendAt(producer, "later-2", snapshotTime + Duration.ofDays(31).toMillis());
            waitFor(() -> versions.size() == 2);

            trainer.stop();
            assertTrue(trainer.awaitStop(Duration.ofSeconds(30)));
            thread.join(5_000);
            assertEquals(List.of(5L, 6L), versions);
        }
    }

    @Test
    @Order(6)
    void givenTrainerStartedBeforeAnyFeatures_whenThirtyDaysOfFeaturesArrive_thenItTrainsWithoutTheWallClock()
            throws Exception {
        SegstreamConfig cold = config.with(SegstreamConfig.TOPIC_PREFIX + "customer-features", "cold-features")
                .with(SegstreamConfig.TOPIC_PREFIX + "segment-models", "cold-models");
        stack.createTopics(List.of(cold.topics().features(), cold.topics().models()));
        List<CycleResult> results = new CopyOnWriteArrayList<>();
        List<String> customers = latest.keySet().stream().filter(id -> !id.equals(TOMBSTONED)).sorted().limit(200)
                .toList();
        long start = Instant.parse("2011-01-01T00:00:00Z").toEpochMilli();
        long step = Duration.ofDays(31).toMillis() / (customers.size() - 1);
        try (TrainingCycle cycle = new TrainingCycle(cold, TrainingOptions.defaults(), TIMEOUT, Clock.systemUTC());
             var serde = SpecificAvroSerde.create(CustomerFeatures.class,
                     AvroSerdeConfig.forValues(stack.registryUrl()));
             KafkaProducer<String, CustomerFeatures> producer = producer(serde)) {
            // Only the stream-time trigger can fire within the test: an hour of wall time, no customer count.
            Trainer trainer = new Trainer(cycle, new Schedule(Duration.ofHours(1), 0, Duration.ofDays(30)),
                    cold.kafkaProperties(), cold.topics().features().name(), TIMEOUT, results::add);
            Thread thread = Thread.ofPlatform().name("trainer").start(trainer);
            waitFor(() -> results.size() == 1);
            assertEquals(0, results.getFirst().snapshot().size());
            assertFalse(results.getFirst().published());

            for (int i = 0; i < customers.size(); i++) {
                sendAt(producer, cold.topics().features().name(), customers.get(i), latest.get(customers.get(i)),
                        start + i * step);
            }
            waitFor(() -> results.stream().anyMatch(CycleResult::published));

            trainer.stop();
            assertTrue(trainer.awaitStop(Duration.ofSeconds(30)));
            thread.join(5_000);
            CycleResult trained = results.stream().filter(CycleResult::published).findFirst().orElseThrow();
            long snapshotTime = trained.snapshot().snapshotTimeMillis();
            assertTrue(snapshotTime >= start + Duration.ofDays(30).toMillis(), "trained before 30 days of history");
            assertEquals(1 + (snapshotTime - start) / step, trained.snapshot().size(),
                    "every customer up to the snapshot's stream time");
            assertEquals(1L, trained.model().orElseThrow().getVersion());
        }
    }

    @Test
    @Order(7)
    void givenRunningTrainer_whenRefitRequested_thenTheNextCycleRunsAtOnceAndCompletesTheRequest()
            throws Exception {
        long before = published().orElseThrow().getVersion();
        try (TrainingCycle cycle = new TrainingCycle(config, TrainingOptions.defaults(), TIMEOUT, Clock.systemUTC())) {
            List<CycleResult> results = new CopyOnWriteArrayList<>();
            Trainer trainer = new Trainer(cycle, new Schedule(Duration.ofHours(1), 0), config.kafkaProperties(),
                    config.topics().features().name(), TIMEOUT, results::add);
            Thread thread = Thread.ofPlatform().name("trainer").start(trainer);
            waitFor(() -> results.size() == 1);

            CycleResult requested = trainer.refitNow().get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);

            trainer.stop();
            assertTrue(trainer.awaitStop(Duration.ofSeconds(30)));
            thread.join(5_000);
            assertEquals(2, results.size());
            assertEquals(results.get(1), requested);
            assertEquals(before + 2, requested.model().orElseThrow().getVersion());
        }
    }

    @Test
    @Order(8)
    void givenRegistryDownWhenACycleStarts_whenItComesBackWithinTheTimeout_thenTheCycleWaitsAndPublishes()
            throws Exception {
        long before = published().orElseThrow().getVersion();
        stack.registry().stop();
        try (TrainingCycle cycle = new TrainingCycle(config, TrainingOptions.defaults(), TIMEOUT, Clock.systemUTC())) {
            // A new cycle has no schema cached: reading the models and features topics needs the registry.
            var result = java.util.concurrent.CompletableFuture.supplyAsync(cycle::run);
            Thread.sleep(2_000);
            assertFalse(result.isDone(), "the cycle waits for the registry");
            stack.registry().startAgain();

            CycleResult done = result.get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);

            assertTrue(done.published());
            assertEquals(before + 1, done.model().orElseThrow().getVersion());
            assertEquals(before + 1, published().orElseThrow().getVersion());
            assertTrue(cycle.stats().registryWaits() > 0, "waits " + cycle.stats().registryWaits());
            assertEquals(0, cycle.stats().failed());
            assertEquals(cycle.run().snapshot().size(), done.snapshot().size(),
                    "the snapshot taken through the outage holds every customer a normal one does");
        } finally {
            stack.registry().startAgain();
        }
    }

    private static void sendAt(KafkaProducer<String, CustomerFeatures> producer, String id, long streamTime)
            throws Exception {
        sendAt(producer, config.topics().features().name(), id, latest.get("12347"), streamTime);
    }

    private static void sendAt(KafkaProducer<String, CustomerFeatures> producer, String topic, String id,
                               Features features, long streamTime) throws Exception {
        CustomerFeatures f = CustomerFeatures.newBuilder(avro(id, features))
                .setAsOf(Instant.ofEpochMilli(streamTime)).build();
        // The stream stamps features records with their reference time; the schedule reads that timestamp.
        producer.send(new ProducerRecord<>(topic, null, streamTime, id, f)).get();
    }

    private static long live() {
        return latest.size() - 1;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within " + TIMEOUT);
            Thread.sleep(100);
        }
    }

    private static Optional<SegmentModel> published() {
        try (var serde = SpecificAvroSerde.create(SegmentModel.class, AvroSerdeConfig.forValues(stack.registryUrl()))) {
            return PublishedModels.latest(config.kafkaProperties(), config.topics().models().name(),
                    TrainingOptions.DEFAULT_MODEL_NAME, serde.deserializer(), TIMEOUT);
        }
    }

    /**
     * The interest model the trainer fits from the invoices topic equals the core's batch fit on the same invoices
     * read from the file: the order the partitions interleave in does not matter.
     */
    @Test
    @Order(9)
    void givenTheInvoiceHistory_whenTrained_thenTheModelCarriesTheBatchFitsInterestModel() {
        assertNull(published().orElseThrow().getInterest(), "no invoices topic before: no interest model");
        stack.createTopics(List.of(config.topics().invoices()));
        List<Invoice> invoices = RetailData.invoices();
        try (var serde = SpecificAvroSerde.create(InvoiceEvent.class, AvroSerdeConfig.forValues(stack.registryUrl()));
             KafkaProducer<String, InvoiceEvent> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                     ProducerConfig.LINGER_MS_CONFIG, 20), new StringSerializer(), serde.serializer())) {
            for (Invoice invoice : invoices) {
                producer.send(new ProducerRecord<>(config.topics().invoices().name(), InvoiceMapping.key(invoice),
                        InvoiceMapping.toEvent(invoice)));
            }
            producer.flush();
        }
        SegmentModel model;
        try (TrainingCycle cycle = new TrainingCycle(config, TrainingOptions.defaults(), TIMEOUT, Clock.systemUTC())) {
            assertTrue(cycle.run().published());
            model = published().orElseThrow();
        }

        InterestFit.Split split = InterestFit.split(invoices, Long.MAX_VALUE, InterestFit.Options.defaults());
        InterestModel batch = InterestModelMapping.toAvro(InterestFit.model(split,
                InterestFit.Options.defaults().lambda()), split.train().y().length);
        assertEquals(batch, model.getInterest());
        assertTrue(model.getInterest().getCustomers() > 4_000, "customers " + model.getInterest().getCustomers());
        System.out.println("IT: interest model with product categories " + batch.getProductCategoryNames()
                + " and interest categories " + batch.getInterestNames());
    }

    private static List<String> ids(SegmentModel m) {
        return m.getSegments().stream().map(s -> s.getId() + ":" + s.getName()).toList();
    }

    private static Map<Integer, String> names(SegmentModel m) {
        Map<Integer, String> out = new TreeMap<>();
        m.getSegments().forEach((Segment s) -> out.put(s.getId(), s.getName()));
        return out;
    }

    private static KafkaProducer<String, CustomerFeatures> producer(SpecificAvroSerde<CustomerFeatures> serde) {
        // No linger: sendAt waits for each acknowledgement, so a linger only delayed every one of its sends (200 in
        // one test); the bulk load still batches while a request is in flight.
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(props, new StringSerializer(), serde.serializer());
    }

    static CustomerFeatures avro(String id, Features f) {
        return FeaturesMapping.toAvro(id, f, FeatureTrigger.PURCHASE);
    }
}
