package io.segstream.platform.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.segstream.avro.InvoiceEvent;
import io.segstream.avro.InvoiceLine;
import io.segstream.platform.registry.InMemorySchemaRegistryClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Waiting out a registry outage: the in-memory registry is taken down and brought back while a client asks it. */
class RegistryRetryTest {

    private static final String NAME = "retry-test";

    @AfterEach
    void bringBack() {
        InMemorySchemaRegistryClient.setAvailable(NAME, true);
        InMemorySchemaRegistryClient.reset(NAME);
    }

    @Test
    void givenRegistryDownForAMoment_whenASchemaIdIsNeeded_thenTheCallWaitsAndSucceeds() throws Exception {
        List<Long> waits = new ArrayList<>();
        try (var serde = SpecificAvroSerde.create(InvoiceEvent.class, AvroSerdeConfig.forValues("mem://" + NAME))) {
            InMemorySchemaRegistryClient.setAvailable(NAME, false);
            Thread.ofPlatform().start(() -> {
                sleep(300);
                InMemorySchemaRegistryClient.setAvailable(NAME, true);
            });

            int id = RegistryRetry.call(() -> serde.serializer().schemaIdFor("invoices",
                    InvoiceEvent.getClassSchema()), Duration.ofSeconds(10), (failure, backoff) -> waits.add(backoff));

            assertEquals(InvoiceEvent.getClassSchema(), InMemorySchemaRegistryClient.named(NAME).schemaById(id));
            assertTrue(waits.size() >= 2, "waits " + waits);
            assertEquals(50L, waits.getFirst());
            assertEquals(100L, waits.get(1), "backoff doubles");
        }
    }

    @Test
    void givenRegistryDownThroughout_whenThePatienceRunsOut_thenTheLastFailureIsThrown() {
        try (var serde = SpecificAvroSerde.create(InvoiceEvent.class, AvroSerdeConfig.forValues("mem://" + NAME))) {
            InMemorySchemaRegistryClient.setAvailable(NAME, false);
            long start = System.nanoTime();

            assertThrows(RegistryUnavailableSerdeException.class, () -> RegistryRetry.call(
                    () -> serde.serializer().schemaIdFor("invoices", InvoiceEvent.getClassSchema()),
                    Duration.ofMillis(200), (failure, backoff) -> { }));

            assertTrue(System.nanoTime() - start >= Duration.ofMillis(200).toNanos());
        }
    }

    @Test
    void givenAnotherFailure_whenCalled_thenThrownAtOnceWithoutWaiting() {
        List<Long> waits = new ArrayList<>();
        byte[] unknownId = {0, 0, 0, 3, (byte) 231, 2, 'x'};
        try (var serde = SpecificAvroSerde.create(InvoiceEvent.class, AvroSerdeConfig.forValues("mem://" + NAME))) {
            assertThrows(UnknownSchemaIdException.class, () -> RegistryRetry.call(
                    () -> serde.deserializer().deserialize("invoices", unknownId), Duration.ofSeconds(10),
                    (failure, backoff) -> waits.add(backoff)));
        }
        assertEquals(List.of(), waits);
    }

    @Test
    void givenPatientSerde_whenTheRegistryIsDownForAMoment_thenBothDirectionsWaitAndRoundTrip() throws Exception {
        List<Long> waits = new ArrayList<>();
        InvoiceEvent invoice = sample();
        AvroSerdeConfig config = AvroSerdeConfig.forValues("mem://" + NAME);
        try (var serde = RegistryRetry.patient(SpecificAvroSerde.create(InvoiceEvent.class, config),
                Duration.ofSeconds(10), (failure, backoff) -> waits.add(backoff));
                var reader = RegistryRetry.patient(SpecificAvroSerde.create(InvoiceEvent.class, config),
                        Duration.ofSeconds(10), (failure, backoff) -> waits.add(backoff))) {
            InMemorySchemaRegistryClient.setAvailable(NAME, false);
            Thread.ofPlatform().start(() -> {
                sleep(300);
                InMemorySchemaRegistryClient.setAvailable(NAME, true);
            });
            byte[] bytes = serde.serializer().serialize("invoices", invoice);
            int writes = waits.size();
            InMemorySchemaRegistryClient.setAvailable(NAME, false);
            Thread.ofPlatform().start(() -> {
                sleep(300);
                InMemorySchemaRegistryClient.setAvailable(NAME, true);
            });

            assertEquals(invoice, reader.deserializer().deserialize("invoices", bytes));
            assertTrue(writes >= 2 && waits.size() - writes >= 2, "waits " + waits);
        }
    }

    @Test
    void givenPatientSerializer_whenThePatienceRunsOut_thenTheOutageIsThrown() {
        try (var serde = RegistryRetry.patient(SpecificAvroSerde.create(InvoiceEvent.class,
                AvroSerdeConfig.forValues("mem://" + NAME)), Duration.ofMillis(200), (failure, backoff) -> { })) {
            InMemorySchemaRegistryClient.setAvailable(NAME, false);

            assertThrows(RegistryUnavailableSerdeException.class,
                    () -> serde.serializer().serialize("invoices", sample()));
        }
    }

    private static InvoiceEvent sample() {
        return InvoiceEvent.newBuilder().setInvoiceNo("536365").setCustomerId("17850").setCountry("United Kingdom")
                .setInvoiceTime(Instant.parse("2010-12-01T08:26:00Z"))
                .setLines(List.of(InvoiceLine.newBuilder().setStockCode("85123A").setDescription("HEART")
                        .setQuantity(6).setUnitPrice(new BigDecimal("2.5500")).build()))
                .setSource("test").build();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
