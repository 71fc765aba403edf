package io.segstream.stream.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.segstream.avro.InvoiceEvent;
import io.segstream.avro.SegmentModel;
import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.platform.registry.InMemorySchemaRegistryClient;
import io.segstream.platform.serde.AvroSerdeConfig;
import io.segstream.platform.serde.SpecificAvroSerde;
import io.segstream.stream.features.AgingSchedule;
import io.segstream.stream.testing.TestModels;
import io.segstream.stream.testing.TopologyFixture;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A schema registry that is down while the stream meets a schema id it has not cached (a restarted instance, a new
 * producer schema): the valid invoice must wait, never become a dead letter, and past the patience the task stops
 * (the record is not consumed, so exactly-once reprocessing picks it up again).
 */
class RegistryOutageTopologyTest {

    private static final String REGISTRY = "outage-test";
    private TopologyFixture fx;

    @AfterEach
    void stop() {
        InMemorySchemaRegistryClient.setAvailable(REGISTRY, true);
        InMemorySchemaRegistryClient.reset(REGISTRY);
        if (fx != null) {
            fx.close();
        }
    }

    private byte[] encodedWhileUp(InvoiceEvent event) {
        // A producer registered the schema earlier; the stream's deserializer has never seen its id.
        try (var producerSerde = SpecificAvroSerde.create(InvoiceEvent.class,
                AvroSerdeConfig.forValues("mem://" + REGISTRY))) {
            return producerSerde.serializer().serialize(TopologyFixture.INVOICES, event);
        }
    }

    @Test
    void givenRegistryDownForAWhile_whenAnUncachedSchemaIdArrives_thenTheInvoiceWaitsAndIsProcessed()
            throws Exception {
        InvoiceEvent event = TopologyFixture.invoice("536365", "17850", "2010-12-01T08:26:00Z", "85123A", 6, "2.55");
        byte[] bytes = encodedWhileUp(event);
        fx = new TopologyFixture(CleaningPolicy.defaults(), AgingSchedule.DEFAULT, 100, "mem://" + REGISTRY,
                Duration.ofSeconds(10));
        InMemorySchemaRegistryClient.setAvailable(REGISTRY, false);
        Thread restart = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(400);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            InMemorySchemaRegistryClient.setAvailable(REGISTRY, true);
        });

        fx.invoices.pipeInput("17850".getBytes(StandardCharsets.UTF_8), bytes,
                event.getInvoiceTime().toEpochMilli());
        restart.join();

        assertTrue(fx.deadLetters.isEmpty(), () -> "a valid invoice became a dead letter: "
                + fx.deadLetters.readValue());
        var features = fx.features.readKeyValuesToList();
        assertEquals(1, features.size());
        assertEquals("17850", features.getFirst().key);
        assertEquals(15.30, features.getFirst().value.getMonetary(), 1e-9);
        assertTrue(fx.counters.registryRetries() >= 1, "retries " + fx.counters.registryRetries());
        assertEquals(0, fx.counters.deadLetters());
    }

    @Test
    void givenRegistryDownLongerThanThePatience_whenAnUncachedSchemaIdArrives_thenTheTaskStopsWithoutADeadLetter() {
        InvoiceEvent event = TopologyFixture.invoice("536366", "17850", "2010-12-01T08:28:00Z", "22633", 6, "1.85");
        byte[] bytes = encodedWhileUp(event);
        fx = new TopologyFixture(CleaningPolicy.defaults(), AgingSchedule.DEFAULT, 100, "mem://" + REGISTRY,
                Duration.ofMillis(300));
        InMemorySchemaRegistryClient.setAvailable(REGISTRY, false);

        StreamsException e = assertThrows(StreamsException.class, () -> fx.invoices.pipeInput(
                "17850".getBytes(StandardCharsets.UTF_8), bytes, event.getInvoiceTime().toEpochMilli()));

        Throwable cause = e;
        while (cause != null && !(cause instanceof RegistryOutageException)) {
            cause = cause.getCause();
        }
        assertInstanceOf(RegistryOutageException.class, cause, String.valueOf(e));
        assertTrue(cause.getMessage().contains("invoices-0@0"), cause.getMessage());
        assertTrue(fx.deadLetters.isEmpty());
        assertTrue(fx.features.isEmpty());
        assertEquals(0, fx.counters.deadLetters());
    }

    @Test
    void givenRegistryDownForAWhile_whenTheFirstFeaturesAreWritten_thenTheWriteWaitsAndSucceeds() throws Exception {
        // A JSON invoice needs no schema, but the features it produces do, and this instance has none cached.
        fx = new TopologyFixture(CleaningPolicy.defaults(), AgingSchedule.DEFAULT, 100, "mem://" + REGISTRY,
                Duration.ofSeconds(10));
        InMemorySchemaRegistryClient.setAvailable(REGISTRY, false);
        Thread restart = bringBackAfter(400);

        fx.invoicesJson.pipeInput(utf8("c7"), utf8("""
                {"invoiceNo":"j1","customerId":"c7","invoiceTime":"2011-06-01T11:00:00Z",
                 "lines":[{"stockCode":"X","quantity":2,"unitPrice":"9.99"}]}"""), 1_306_926_000_000L);
        restart.join();

        var features = fx.features.readKeyValuesToList();
        assertEquals(1, features.size());
        assertEquals(19.98, features.getFirst().value.getMonetary(), 1e-9);
        assertTrue(fx.counters.registryRetries() >= 1, "retries " + fx.counters.registryRetries());
        assertEquals(0, fx.counters.deadLetters());
    }

    @Test
    void givenRegistryDownLongerThanThePatience_whenANewModelArrives_thenTheTaskStopsWithoutRefusingTheModel() {
        fx = new TopologyFixture(CleaningPolicy.defaults(), AgingSchedule.DEFAULT, 100, "mem://" + REGISTRY,
                Duration.ofMillis(300));
        fx.send(TopologyFixture.invoice("536365", "17850", "2010-12-01T08:26:00Z", "85123A", 6, "2.55"));
        SegmentModel model = TestModels.identity(1, List.of("recency", "monetary"), new int[] {1, 2},
                new String[] {"Active", "Lapsed"}, new double[][] {{0, 100}, {100, 0}});
        byte[] bytes;
        try (var trainerSerde = SpecificAvroSerde.create(SegmentModel.class,
                AvroSerdeConfig.forValues("mem://" + REGISTRY))) {
            bytes = trainerSerde.serializer().serialize(TopologyFixture.MODELS, model);
        }
        var rawModels = fx.driver.createInputTopic(TopologyFixture.MODELS, Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        InMemorySchemaRegistryClient.setAvailable(REGISTRY, false);
        rawModels.pipeInput("rfm", bytes);

        StreamsException e = assertThrows(StreamsException.class,
                () -> fx.driver.advanceWallClockTime(Duration.ofSeconds(1)));

        assertInstanceOf(RegistryOutageException.class, outage(e), String.valueOf(e));
        assertTrue(outage(e).getMessage().contains("model rfm"), outage(e).getMessage());
        assertEquals(0, fx.scoring.rejectedModels(), "an outage is not a bad model");
        assertTrue(fx.changes.isEmpty());

        // Kafka Streams now closes the task and opens it again (init reads the model once more); the driver cannot
        // reopen a task, so FeatureReplayIT shows the model in use after a real outage.
    }

    private static Throwable outage(Throwable e) {
        Throwable cause = e;
        while (cause != null && !(cause instanceof RegistryOutageException)) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static Thread bringBackAfter(long millis) {
        return Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            InMemorySchemaRegistryClient.setAvailable(REGISTRY, true);
        });
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
