package io.segstream.platform.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.segstream.avro.InvoiceEvent;
import io.segstream.avro.InvoiceLine;
import io.segstream.devstack.ApicurioRegistry;
import io.segstream.platform.registry.CompatibilityLevel;
import io.segstream.platform.registry.IncompatibleSchemaException;
import io.segstream.platform.registry.RegisteredSchema;
import io.segstream.platform.registry.RegistryClientOptions;
import io.segstream.platform.registry.RegistryUnavailableException;
import io.segstream.platform.registry.SchemaRegistryClient;
import io.segstream.platform.registry.SubjectNames;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The registry client and the serde against a real Apicurio Registry, started once for the class. */
@Tag("integration")
class SpecificAvroSerdeIT {

    private static ApicurioRegistry apicurio;
    private static SchemaRegistryClient registry;

    @BeforeAll
    static void startRegistry() {
        apicurio = ApicurioRegistry.start(ApicurioRegistry.homeFromSystemProperty(),
                Path.of("target", "apicurio-run", SpecificAvroSerdeIT.class.getSimpleName()));
        registry = SchemaRegistryClient.create(RegistryClientOptions.of(apicurio.ccompatUrl()));
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
        if (apicurio != null) {
            apicurio.close();
        }
    }

    @Test
    void registeringIsIdempotentAndLookupFindsTheSameVersion() {
        Schema schema = InvoiceEvent.getClassSchema();

        int id = registry.register("registered-invoices-value", schema);
        RegisteredSchema found = registry.lookup("registered-invoices-value", schema);

        assertEquals(id, registry.register("registered-invoices-value", schema));
        assertEquals(new RegisteredSchema("registered-invoices-value", 1, id, schema), found);
        assertEquals(found, registry.latest("registered-invoices-value"));
        assertTrue(registry.subjects().contains("registered-invoices-value"));
    }

    @Test
    void serializerWritesConfluentWireFormatThatReadsBackEqual() throws IOException {
        InvoiceEvent invoice = invoice();
        try (SpecificAvroSerde<InvoiceEvent> serde = serde()) {
            byte[] bytes = serde.serializer().serialize("wire-invoices", invoice);

            int id = registry.lookup(SubjectNames.valueSubject("wire-invoices"), InvoiceEvent.getClassSchema()).id();
            assertEquals(WireFormat.MAGIC_BYTE, bytes[0]);
            assertEquals(id, ByteBuffer.wrap(bytes, 1, 4).getInt());
            assertArrayEquals(plainAvro(invoice), Arrays.copyOfRange(bytes, WireFormat.HEADER_SIZE, bytes.length));
            assertEquals(invoice, serde.deserializer().deserialize("wire-invoices", bytes));
            assertNull(serde.serializer().serialize("wire-invoices", null));
            assertNull(serde.deserializer().deserialize("wire-invoices", null));
        }
    }

    @Test
    void schemaByIdIsCachedAfterTheFirstFetch() {
        int id = registry.register("cached-invoices-value", InvoiceEvent.getClassSchema());
        try (SchemaRegistryClient fresh = SchemaRegistryClient.create(registry.options())) {
            Schema first = fresh.schemaById(id);

            assertEquals(InvoiceEvent.getClassSchema(), first);
            assertSame(first, fresh.schemaById(id));
        }
    }

    @Test
    void backwardIncompatibleChangeIsRejectedNamingTheSubject() {
        String subject = "compat-probe-value";
        Schema v1 = SchemaBuilder.record("Probe").namespace("it").fields().requiredString("name").endRecord();
        Schema v2 = SchemaBuilder.record("Probe").namespace("it").fields()
                .requiredString("name").requiredInt("age").endRecord();
        registry.register(subject, v1);

        assertEquals(CompatibilityLevel.BACKWARD, registry.globalCompatibility());
        assertEquals(CompatibilityLevel.BACKWARD, registry.compatibility(subject));
        assertFalse(registry.testCompatibility(subject, v2));
        IncompatibleSchemaException e = assertThrows(IncompatibleSchemaException.class,
                () -> registry.register(subject, v2));
        assertEquals(subject, e.subject());
        assertTrue(e.getMessage().contains("'" + subject + "'"), e.getMessage());

        registry.setCompatibility(subject, CompatibilityLevel.NONE);
        assertEquals(CompatibilityLevel.NONE, registry.compatibility(subject));
        assertNotEquals(registry.lookup(subject, v1).id(), registry.register(subject, v2));
    }

    @Test
    void withoutAutoRegisterTheSerializerOnlyUsesSchemasRegisteredBefore() {
        AvroSerdeConfig lookupOnly = new AvroSerdeConfig(registry.options(), false, false);
        SpecificAvroSerializer<InvoiceEvent> serializer = new SpecificAvroSerializer<>(registry, lookupOnly);

        SchemaRejectedException e = assertThrows(SchemaRejectedException.class,
                () -> serializer.serialize("preregistered-invoices", invoice()));
        assertEquals(SerdeFailure.SCHEMA_REJECTED, e.reason());
        assertEquals("preregistered-invoices-value", e.subject());

        int id = registry.register("preregistered-invoices-value", InvoiceEvent.getClassSchema());
        assertEquals(id, WireFormat.parseHeader(serializer.serialize("preregistered-invoices", invoice())).schemaId());
    }

    @Test
    void badRecordsFailWithTheirDeadLetterReason() throws IOException {
        int id = registry.register("bad-invoices-value", InvoiceEvent.getClassSchema());
        byte[] valid = plainAvro(invoice());
        byte[] unknownId = frame(999_999, valid);
        byte[] truncated = frame(id, Arrays.copyOf(valid, valid.length / 2));
        SpecificAvroDeserializer<InvoiceEvent> deserializer = new SpecificAvroDeserializer<>(registry,
                InvoiceEvent.class);

        UnknownSchemaIdException e = assertThrows(UnknownSchemaIdException.class,
                () -> deserializer.deserialize("bad-invoices", unknownId));
        assertEquals(999_999, e.schemaId());
        assertEquals(SerdeFailure.UNKNOWN_SCHEMA_ID, e.reason());
        assertEquals(SerdeFailure.UNDECODABLE, assertThrows(UndecodableRecordException.class,
                () -> deserializer.deserialize("bad-invoices", truncated)).reason());
        // Plain Avro without the header, as a producer without the registry serde writes it.
        assertEquals(SerdeFailure.UNKNOWN_MAGIC_BYTE, assertThrows(UnknownMagicByteException.class,
                () -> deserializer.deserialize("bad-invoices", valid)).reason());
    }

    @Test
    void registryOnAClosedPortFailsFastAsUnavailable() throws IOException {
        RegistryClientOptions down = RegistryClientOptions.of("http://127.0.0.1:" + closedPort())
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
        byte[] bytes = frame(1, plainAvro(invoice()));
        long started = System.nanoTime();
        try (SchemaRegistryClient client = SchemaRegistryClient.create(down)) {
            assertThrows(RegistryUnavailableException.class, () -> client.register("down-value",
                    InvoiceEvent.getClassSchema()));
            RegistryUnavailableSerdeException e = assertThrows(RegistryUnavailableSerdeException.class,
                    () -> new SpecificAvroDeserializer<>(client, InvoiceEvent.class).deserialize("down", bytes));
            assertEquals(SerdeFailure.REGISTRY_UNAVAILABLE, e.reason());
        }
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(10)) < 0);
    }

    @Test
    void recordWrittenWithAnOlderSchemaReadsAsTheCurrentClassWithDefaults() throws IOException {
        String subject = "evolving-invoices-value";
        Schema older = withoutFields(InvoiceEvent.getClassSchema(), "country", "source");
        int olderId = registry.register(subject, older);
        GenericRecord written = new GenericRecordBuilder(older)
                .set("invoiceNo", "536365")
                .set("customerId", "17850")
                .set("invoiceTime", Instant.parse("2010-12-01T08:26:00Z"))
                .set("lines", List.of(line()))
                .build();

        InvoiceEvent read;
        try (SpecificAvroSerde<InvoiceEvent> shared = SpecificAvroSerde.using(InvoiceEvent.class, registry,
                AvroSerdeConfig.forValues(apicurio.ccompatUrl()))) {
            read = shared.deserializer().deserialize("evolving-invoices", frame(olderId, genericAvro(written)));
        }

        assertEquals("536365", read.getInvoiceNo());
        assertEquals("17850", read.getCustomerId());
        assertNull(read.getCountry());
        assertEquals("unknown", read.getSource());
        assertEquals(List.of(line()), read.getLines());
        assertNotEquals(olderId, registry.register(subject, InvoiceEvent.getClassSchema()));
    }

    private static SpecificAvroSerde<InvoiceEvent> serde() {
        return SpecificAvroSerde.create(InvoiceEvent.class, Map.of(AvroSerdeConfig.REGISTRY_URL,
                apicurio.ccompatUrl()), false);
    }

    private static InvoiceEvent invoice() {
        return new InvoiceEvent("536365", "17850", "United Kingdom", Instant.parse("2010-12-01T08:26:00Z"),
                List.of(line()), "it");
    }

    private static InvoiceLine line() {
        return new InvoiceLine("85123A", "WHITE HANGING HEART T-LIGHT HOLDER", 6, new BigDecimal("2.5500"));
    }

    private static byte[] plainAvro(InvoiceEvent invoice) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<InvoiceEvent>(InvoiceEvent.getClassSchema(),
                SpecificData.getForClass(InvoiceEvent.class)).write(invoice, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] genericAvro(GenericRecord record) throws IOException {
        GenericData model = new GenericData();
        model.addLogicalTypeConversion(new Conversions.DecimalConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(record.getSchema(), model).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] frame(int schemaId, byte[] payload) {
        return ByteBuffer.allocate(WireFormat.HEADER_SIZE + payload.length)
                .put(WireFormat.header(schemaId)).put(payload).array();
    }

    private static Schema withoutFields(Schema schema, String... dropped) {
        List<Schema.Field> kept = schema.getFields().stream()
                .filter(field -> !List.of(dropped).contains(field.name()))
                .map(field -> new Schema.Field(field, field.schema()))
                .toList();
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, kept);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
