package io.segstream.stream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.segstream.avro.InvoiceEvent;
import io.segstream.core.invoice.Invoice;
import io.segstream.devstack.EmbeddedStack;
import io.segstream.ingest.TransactionReader;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.platform.mapping.InvoiceMapping;
import io.segstream.devstack.FreePorts;
import io.segstream.platform.serde.AvroSerdeConfig;
import io.segstream.platform.serde.SpecificAvroSerde;
import io.segstream.stream.health.InputGap;
import io.segstream.stream.testing.Replay;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Invoices deleted from the log while the stream was stopped, before it processed them: on the real broker, with
 * exactly-once. Kafka Streams alone would reset to the log start and log one INFO line without offsets; segstream
 * reports each partition's lost range (ERROR log, counter by topic, {@code /health} 503 naming it) and processes
 * everything after the gap.
 */
@Tag("integration")
class LostInputIT {

    private static final int BATCH = 200;
    private static EmbeddedStack stack;

    @BeforeAll
    static void startStack() {
        stack = EmbeddedStack.start();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void givenInvoicesDeletedWhileStopped_whenRestarted_thenEachGapIsReportedAndTheRestProcessed() throws Exception {
        SegstreamConfig config = stack.configure(SegstreamConfig.load(Optional.empty(), Map.of(
                "state.dir", Files.createTempDirectory("segstream-state-").toString(),
                "commit.interval.ms", "200",
                SegstreamConfig.APPLICATION_ID, "segstream-lost-input",
                SegstreamConfig.API_PORT, String.valueOf(FreePorts.pick()))));
        stack.createTopics(config.topics().all());
        String topic = config.topics().invoices().name();
        List<List<Invoice>> batches = batches(Replay.onlineRetail(), 3);

        produce(topic, batches.get(0));
        try (StreamApp app = StreamApp.start(config)) {
            app.awaitRunning(Duration.ofSeconds(60));
            Replay.awaitCommitted(stack, config, topic, Duration.ofMinutes(2));
            assertEquals(BATCH, app.counters().inputs());
        }

        List<InputGap> expected = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                    config.require(SegstreamConfig.APPLICATION_ID)).partitionsToOffsetAndMetadata().get();
            produce(topic, batches.get(1));
            Map<TopicPartition, Long> secondEnd = endOffsets(admin, topic, config.topics().invoices().partitions());
            produce(topic, batches.get(2));
            Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
            secondEnd.forEach((tp, end) -> {
                assertTrue(committed.containsKey(tp), "the first batch reached partition " + tp);
                long position = committed.get(tp).offset();
                if (end > position) {
                    expected.add(new InputGap(topic, tp.partition(), position, end - 1));
                    delete.put(tp, RecordsToDelete.beforeOffset(end));
                }
            });
            admin.deleteRecords(delete).all().get();
        }
        assertEquals(BATCH, expected.stream().mapToLong(InputGap::records).sum(), "the second batch is the gap");

        try (StreamApp app = StreamApp.start(config)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            StreamMetrics.bindHealth(registry, app.health(), List.of(topic));
            app.awaitRunning(Duration.ofSeconds(60));
            Replay.awaitCommitted(stack, config, topic, Duration.ofMinutes(2));

            assertEquals(BATCH, app.counters().inputs(), "the third batch, after the gap, is processed");
            assertEquals(BATCH, app.health().lostRecords(topic));
            assertEquals(BATCH, registry.get("segstream.input.lost.records").tag("topic", topic).functionCounter()
                    .count());
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + app.apiPort() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = new ObjectMapper().readTree(health.body());
            assertEquals(503, health.statusCode(), health.body());
            assertEquals("RUNNING", body.path("state").asText(), health.body());
            List<String> problems = new ArrayList<>();
            body.path("problems").forEach(p -> problems.add(p.asText()));
            assertEquals(expected.stream().map(g -> "input lost before processing: " + g).sorted().toList(),
                    problems.stream().sorted().toList());
            String log = Files.readString(Path.of("target/test-logs/stream-fork" + System.getProperty("segstream.test.fork", "1") + ".log"), StandardCharsets.UTF_8);
            for (InputGap gap : expected) {
                String says = "Input lost: " + topic + " partition " + gap.partition() + " offsets " + gap.firstLost()
                        + ".." + gap.lastLost() + " (" + gap.records() + " records)";
                assertTrue(log.lines().anyMatch(l -> l.contains("ERROR") && l.contains(says)),
                        "no ERROR line: " + says);
            }
            System.out.printf("lost-input gaps reported: %s%n", expected.stream().map(InputGap::toString)
                    .collect(Collectors.joining("; ")));
        }
        assertFalse(expected.isEmpty());
    }

    /** The first {@code n} batches of {@link #BATCH} invoices of {@code file}. */
    private static List<List<Invoice>> batches(Path file, int n) throws Exception {
        List<List<Invoice>> out = new ArrayList<>();
        try (TransactionReader reader = TransactionReader.open(file)) {
            List<Invoice> batch = new ArrayList<>();
            for (Invoice invoice : reader) {
                batch.add(invoice);
                if (batch.size() == BATCH) {
                    out.add(batch);
                    batch = new ArrayList<>();
                    if (out.size() == n) {
                        break;
                    }
                }
            }
        }
        return out;
    }

    private static void produce(String topic, List<Invoice> invoices) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        var serde = SpecificAvroSerde.create(InvoiceEvent.class, AvroSerdeConfig.forValues(stack.registryUrl()));
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), serde.serializer())) {
            for (Invoice invoice : invoices) {
                producer.send(new ProducerRecord<>(topic, null, invoice.invoiceTimeMillis(),
                        InvoiceMapping.key(invoice), InvoiceMapping.toEvent(invoice))).get();
            }
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }
}
