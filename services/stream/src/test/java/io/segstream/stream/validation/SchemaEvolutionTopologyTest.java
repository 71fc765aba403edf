package io.segstream.stream.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segstream.avro.InvoiceEvent;
import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.platform.registry.IncompatibleSchemaException;
import io.segstream.platform.registry.InMemorySchemaRegistryClient;
import io.segstream.platform.serde.WireFormat;
import io.segstream.stream.features.AgingSchedule;
import io.segstream.stream.testing.TopologyFixture;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Producers evolve {@code InvoiceEvent} under BACKWARD compatibility: a v2 with a new optional field is registered
 * and its events are processed together with v1 events (resolved to the stream's schema); a v3 that adds a required
 * field without a default is refused at registration.
 */
class SchemaEvolutionTopologyTest {

    private static final String REGISTRY = "evolution-test";
    private static final String SUBJECT = TopologyFixture.INVOICES + "-value";
    private TopologyFixture fx;

    @AfterEach
    void stop() {
        InMemorySchemaRegistryClient.reset(REGISTRY);
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void givenV1AndAV2WithAnOptionalField_whenBothArrive_thenBothAreProcessedAndAnIncompatibleV3IsRefused()
            throws Exception {
        fx = new TopologyFixture(CleaningPolicy.defaults(), AgingSchedule.DEFAULT, 100, "mem://" + REGISTRY,
                Duration.ofSeconds(5));
        InvoiceEvent v1Event = TopologyFixture.invoice("536365", "17850", "2010-12-01T08:26:00Z", "85123A", 6, "2.55");
        fx.send(v1Event);
        var registry = InMemorySchemaRegistryClient.named(REGISTRY);
        Schema v2 = withField(InvoiceEvent.getClassSchema(), "{\"name\": \"channel\", \"type\": [\"null\", "
                + "\"string\"], \"default\": null}");
        Schema v3 = withField(InvoiceEvent.getClassSchema(), "{\"name\": \"warehouse\", \"type\": \"string\"}");

        int v2Id = registry.register(SUBJECT, v2);
        InvoiceEvent second = TopologyFixture.invoice("536366", "17850", "2010-12-02T09:00:00Z", "22633", 6, "1.85");
        fx.invoices.pipeInput("17850".getBytes(StandardCharsets.UTF_8), frame(v2Id, v2, second, "web"),
                second.getInvoiceTime().toEpochMilli());

        assertTrue(fx.deadLetters.isEmpty(), "a valid v2 invoice became a dead letter");
        var features = fx.features.readValuesToList();
        assertEquals(2, features.size());
        assertEquals(2, features.getLast().getFrequency());
        assertEquals(15.30 + 11.10, features.getLast().getMonetary(), 1e-9);
        assertEquals(2, registry.latest(SUBJECT).version());
        var refused = assertThrows(IncompatibleSchemaException.class, () -> registry.register(SUBJECT, v3));
        assertTrue(refused.getMessage().contains(SUBJECT), refused.getMessage());
        assertEquals(2, registry.latest(SUBJECT).version());
    }

    /** {@code base} with one more field, given as Avro JSON. */
    private static Schema withField(Schema base, String field) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode schema = (ObjectNode) json.readTree(base.toString());
        ((ArrayNode) schema.get("fields")).add(json.readTree(field));
        return new Schema.Parser().parse(schema.toString());
    }

    /** A v2 record of {@code event} with {@code channel} set, in the Confluent wire format. */
    private static byte[] frame(int id, Schema v2, InvoiceEvent event, String channel) throws IOException {
        ByteArrayOutputStream v1Bytes = new ByteArrayOutputStream();
        Encoder encoder = EncoderFactory.get().binaryEncoder(v1Bytes, null);
        new SpecificDatumWriter<>(InvoiceEvent.class).write(event, encoder);
        encoder.flush();
        GenericRecord record = new GenericDatumReader<GenericRecord>(InvoiceEvent.getClassSchema(), v2)
                .read(null, DecoderFactory.get().binaryDecoder(v1Bytes.toByteArray(), null));
        record.put("channel", channel);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(WireFormat.header(id));
        Encoder v2Encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(v2).write(record, v2Encoder);
        v2Encoder.flush();
        return out.toByteArray();
    }
}
