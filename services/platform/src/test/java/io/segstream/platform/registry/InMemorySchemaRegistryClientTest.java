package io.segstream.platform.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.segstream.avro.InvoiceEvent;
import io.segstream.avro.InvoiceLine;
import io.segstream.platform.serde.AvroSerdeConfig;
import io.segstream.platform.serde.SpecificAvroSerde;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The in-memory registry keeps the Confluent API's rules that the serdes and tools depend on. */
class InMemorySchemaRegistryClientTest {

    private static final String NAME = "in-memory-test";
    private static final Schema V1 = SchemaBuilder.record("Customer").namespace("t").fields()
            .requiredString("id").endRecord();
    private static final Schema V2_WITH_DEFAULT = SchemaBuilder.record("Customer").namespace("t").fields()
            .requiredString("id").name("country").type().stringType().stringDefault("").endRecord();
    private static final Schema V2_WITHOUT_DEFAULT = SchemaBuilder.record("Customer").namespace("t").fields()
            .requiredString("id").requiredString("country").endRecord();

    @AfterEach
    void forget() {
        InMemorySchemaRegistryClient.reset(NAME);
    }

    @Test
    void givenMemUrl_whenCreated_thenTheInMemoryClientSharedByName() {
        SchemaRegistryClient a = SchemaRegistryClient.create(RegistryClientOptions.of("mem://" + NAME));
        SchemaRegistryClient b = SchemaRegistryClient.create(RegistryClientOptions.of("mem://" + NAME));

        assertInstanceOf(InMemorySchemaRegistryClient.class, a);
        int id = a.register("customers-value", V1);
        assertEquals(V1, b.schemaById(id));
        assertInstanceOf(HttpSchemaRegistryClient.class,
                SchemaRegistryClient.create(RegistryClientOptions.of("http://127.0.0.1:1")));
    }

    @Test
    void givenSameSchemaTwiceAndUnderAnotherSubject_whenRegistered_thenOneIdAndOneVersion() {
        var registry = InMemorySchemaRegistryClient.named(NAME);

        int first = registry.register("a-value", V1);
        int again = registry.register("a-value", V1);
        int other = registry.register("b-value", V1);
        int next = registry.register("a-value", V2_WITH_DEFAULT);

        assertEquals(first, again);
        assertEquals(first, other);
        assertNotEquals(first, next);
        assertEquals(new RegisteredSchema("a-value", 2, next, V2_WITH_DEFAULT), registry.latest("a-value"));
        assertEquals(1, registry.lookup("a-value", V1).version());
        assertEquals(List.of("a-value", "b-value"), registry.subjects());
    }

    @Test
    void givenBackwardLevel_whenAFieldWithoutDefaultIsAdded_thenRefusedLikeARealRegistry() {
        var registry = InMemorySchemaRegistryClient.named(NAME);
        registry.register("c-value", V1);

        assertEquals(CompatibilityLevel.BACKWARD, registry.compatibility("c-value"));
        assertFalse(registry.testCompatibility("c-value", V2_WITHOUT_DEFAULT));
        assertTrue(registry.testCompatibility("c-value", V2_WITH_DEFAULT));
        assertThrows(IncompatibleSchemaException.class, () -> registry.register("c-value", V2_WITHOUT_DEFAULT));
        registry.setCompatibility("c-value", CompatibilityLevel.NONE);
        registry.register("c-value", V2_WITHOUT_DEFAULT);
        assertEquals(2, registry.latest("c-value").version());
    }

    @Test
    void givenUnknownSubjectOrId_whenAsked_thenSchemaNotFound() {
        var registry = InMemorySchemaRegistryClient.named(NAME);

        assertThrows(SchemaNotFoundException.class, () -> registry.latest("nobody-value"));
        assertThrows(SchemaNotFoundException.class, () -> registry.schemaById(999));
        registry.register("d-value", V1);
        assertThrows(SchemaNotFoundException.class, () -> registry.lookup("d-value", V2_WITH_DEFAULT));
    }

    @Test
    void givenTheProductionSerde_whenRoundTrippedThroughMem_thenConfluentWireFormatAndTheSameEvent() {
        InvoiceEvent event = InvoiceEvent.newBuilder().setInvoiceNo("536365").setCustomerId("17850")
                .setCountry("United Kingdom").setInvoiceTime(Instant.parse("2010-12-01T08:26:00Z"))
                .setLines(List.of(InvoiceLine.newBuilder().setStockCode("85123A").setDescription("HEART")
                        .setQuantity(6).setUnitPrice(new BigDecimal("2.5500")).build()))
                .setSource("test").build();
        try (var serde = SpecificAvroSerde.create(InvoiceEvent.class, AvroSerdeConfig.forValues("mem://" + NAME))) {
            byte[] bytes = serde.serializer().serialize("invoices", event);

            assertEquals(0, bytes[0]);
            int id = java.nio.ByteBuffer.wrap(bytes, 1, 4).getInt();
            assertEquals(InvoiceEvent.getClassSchema(), InMemorySchemaRegistryClient.named(NAME).schemaById(id));
            assertEquals(event, serde.deserializer().deserialize("invoices", bytes));
        }
    }
}
