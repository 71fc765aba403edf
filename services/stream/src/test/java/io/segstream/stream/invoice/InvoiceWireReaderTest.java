package io.segstream.stream.invoice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import io.segstream.avro.InvoiceEvent;
import io.segstream.avro.InvoiceLine;
import io.segstream.ingest.TransactionReader;
import io.segstream.core.invoice.Invoice;
import io.segstream.platform.mapping.InvoiceMapping;
import io.segstream.platform.registry.RegistryClientOptions;
import io.segstream.platform.registry.SchemaRegistryClient;
import io.segstream.platform.serde.AvroSerdeConfig;
import io.segstream.platform.serde.SpecificAvroDeserializer;
import io.segstream.platform.serde.SpecificAvroSerde;
import io.segstream.platform.serde.WireFormat;
import io.segstream.stream.testing.Replay;
import io.segstream.stream.testing.SharedRegistry;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fast path reads exactly what the general path reads, and leaves everything unusual to it. */
class InvoiceWireReaderTest {

    private static final String TOPIC = "invoices";
    private static SpecificAvroSerde<InvoiceEvent> serde;
    private static SpecificAvroDeserializer<InvoiceEvent> deserializer;

    @BeforeAll
    static void serde() {
        serde = SpecificAvroSerde.create(InvoiceEvent.class, AvroSerdeConfig.forValues(SharedRegistry.url()));
        deserializer = serde.deserializer();
    }

    @AfterAll
    static void close() {
        serde.close();
    }

    @Test
    void givenEveryInvoiceOfOnlineRetail_whenReadByBothPaths_thenEqualInvoices() throws Exception {
        InvoiceWireReader reader = new InvoiceWireReader(deserializer);
        int compared = 0;
        try (TransactionReader invoices = TransactionReader.open(Replay.onlineRetail())) {
            for (Invoice invoice : invoices) {
                byte[] bytes = serde.serializer().serialize(TOPIC, InvoiceMapping.toEvent(invoice));

                Invoice fast = reader.read(bytes);

                assertNotNull(fast, invoice.invoiceNo());
                assertEquals(InvoiceMapping.toInvoice(deserializer.deserialize(TOPIC, bytes)), fast);
                assertEquals(invoice, fast);
                compared++;
            }
        }
        assertEquals(25_900, compared);
    }

    @Test
    void givenPricesAcrossTheDecimalRange_whenRead_thenExactE4Values() {
        InvoiceWireReader reader = new InvoiceWireReader(deserializer);
        for (String price : List.of("-11062.0600", "0.0000", "0.0001", "-0.0001", "38970.0000",
                "99999999999999.9999", "-99999999999999.9999", "0.0128", "-0.0129", "1.2800")) {
            byte[] bytes = serde.serializer().serialize(TOPIC, event(price));

            Invoice fast = reader.read(bytes);

            assertEquals(new BigDecimal(price).unscaledValue().longValueExact(),
                    fast.lines().getFirst().unitPriceE4(), price);
        }
    }

    @Test
    void givenPriceBeyond64Bits_whenRead_thenLeftToTheGeneralPath() throws Exception {
        byte[] good = serde.serializer().serialize(TOPIC, event("1.0000"));
        int id = java.nio.ByteBuffer.wrap(good, 1, 4).getInt();
        // The current schema, with a 9-byte unscaled price (the serializer itself refuses precision above 18).
        GenericRecord record = new GenericData.Record(InvoiceEvent.getClassSchema());
        record.put("invoiceNo", "1");
        record.put("customerId", "c");
        record.put("country", null);
        record.put("invoiceTime", 0L);
        record.put("lines", List.of(line(new BigDecimal("1").movePointRight(20).unscaledValue().toByteArray())));
        record.put("source", "test");
        byte[] wide = frame(id, InvoiceEvent.getClassSchema(), record);

        assertEquals(9, new BigDecimal("1").movePointRight(20).unscaledValue().toByteArray().length);
        assertNull(new InvoiceWireReader(deserializer).read(wide));
        assertEquals(new BigDecimal("10000000000000000.0000"),
                deserializer.deserialize(TOPIC, wide).getLines().getFirst().getUnitPrice());
    }

    @Test
    void givenMalformedOrForeignBytes_whenRead_thenLeftToTheGeneralPath() {
        InvoiceWireReader reader = new InvoiceWireReader(deserializer);
        byte[] good = serde.serializer().serialize(TOPIC, event("1.0000"));

        assertNull(reader.read(null));
        assertNull(reader.read(new byte[] {0, 0}));
        assertNull(reader.read(new byte[] {7, 0, 0, 0, 1, 2, 3}));
        assertNull(reader.read(Arrays.copyOf(good, good.length - 3)), "truncated");
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertNull(reader.read(trailing), "trailing byte");
        byte[] badUnion = good.clone();
        badUnion[WireFormat.HEADER_SIZE + 1 + 2] = 9;
        assertNull(reader.read(badUnion), "union branch 9");
    }

    @Test
    void givenRecordWrittenWithAnotherSchemaVersion_whenRead_thenGeneralPathResolvesIt() throws Exception {
        // An older producer's schema: no 'source' field (the reader default "unknown" fills it in).
        Schema older = SchemaBuilder.record("InvoiceEvent").namespace("io.segstream.avro").fields()
                .requiredString("invoiceNo")
                .name("customerId").type().optional().stringType()
                .name("country").type().optional().stringType()
                .name("invoiceTime").type(InvoiceEvent.getClassSchema().getField("invoiceTime").schema()).noDefault()
                .name("lines").type().array().items(InvoiceLine.getClassSchema()).noDefault()
                .endRecord();
        int id;
        try (SchemaRegistryClient client = SchemaRegistryClient.create(RegistryClientOptions.of(SharedRegistry.url()))) {
            id = client.register("invoice-wire-reader-test-value", older);
        }
        GenericRecord record = new GenericData.Record(older);
        record.put("invoiceNo", "536365");
        record.put("customerId", "17850");
        record.put("country", null);
        record.put("invoiceTime", Instant.parse("2010-12-01T08:26:00Z").toEpochMilli());
        record.put("lines", List.of(line(BigDecimal.valueOf(25_500, 4).unscaledValue().toByteArray())));
        byte[] bytes = frame(id, older, record);

        assertNull(new InvoiceWireReader(deserializer).read(bytes));
        Invoice general = InvoiceMapping.toInvoice(deserializer.deserialize(TOPIC, bytes));
        assertEquals("unknown", general.source());
        assertEquals(25_500, general.lines().getFirst().unitPriceE4());
    }

    private static GenericRecord line(byte[] unscaledPrice) {
        GenericRecord l = new GenericData.Record(InvoiceLine.getClassSchema());
        l.put("stockCode", "85123A");
        l.put("description", null);
        l.put("quantity", 6);
        l.put("unitPrice", java.nio.ByteBuffer.wrap(unscaledPrice));
        return l;
    }

    private static byte[] frame(int schemaId, Schema schema, GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(WireFormat.header(schemaId));
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static InvoiceEvent event(String price) {
        return InvoiceEvent.newBuilder().setInvoiceNo("1").setCustomerId("c").setCountry("United Kingdom")
                .setInvoiceTime(Instant.parse("2011-01-01T00:00:00Z")).setSource("test")
                .setLines(List.of(InvoiceLine.newBuilder().setStockCode("A").setDescription("d").setQuantity(1)
                        .setUnitPrice(new BigDecimal(price)).build())).build();
    }
}
