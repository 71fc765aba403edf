package io.segstream.stream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segstream.devstack.EmbeddedKafka;
import io.segstream.devstack.FreePorts;
import io.segstream.stream.api.QueryServer;
import io.segstream.stream.drift.DriftMonitor;
import io.segstream.stream.features.StreamClock;
import io.segstream.stream.health.HealthLimits;
import io.segstream.stream.health.StreamHealth;
import io.segstream.stream.lifetime.LifetimeModels;
import io.segstream.stream.scoring.ScoringReadModel;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A record that fails its processor every time, on a real broker: the stream thread is replaced again and again
 * while Kafka Streams says RUNNING; segstream's handler counts the replacements, finds the record in Kafka Streams'
 * exception, and {@code /health} answers 503 naming it.
 */
@Tag("integration")
class ThreadFailureHealthIT {

    @Test
    void givenARecordThatAlwaysFails_whenThreadsAreReplaced_thenHealthNamesTheRecord() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("poison", 1, (short) 1))).all().get();
            }
            Properties producerProps = new Properties();
            producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            try (var producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("poison", "k", "fine")).get();
                producer.send(new ProducerRecord<>("poison", "k", "boom")).get();
            }
            Topology topology = new Topology();
            topology.addSource("in", Serdes.String().deserializer(), Serdes.String().deserializer(), "poison");
            topology.addProcessor("explode", Explode::new, "in");
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "thread-failure-health");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("segstream-failure-").toString());
            // A replaced thread joins as a new member: a short session lets the group drop the failed one sooner.
            props.put(StreamsConfig.consumerPrefix("session.timeout.ms"), "6000");
            StreamHealth health = new StreamHealth(new HealthLimits(1, 2, Duration.ofMinutes(5)));
            int port = FreePorts.pick();
            try (KafkaStreams streams = new KafkaStreams(topology, props)) {
                streams.setUncaughtExceptionHandler(StreamApp.replaceThread(health));
                try (QueryServer api = QueryServer.start(new HostInfo("127.0.0.1", port), streams, new StreamClock(),
                        new LifetimeModels(), new ScoringReadModel(), new DriftMonitor(), health::problems)) {
                    streams.start();
                    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                    while (health.threadReplacements() < 2) {
                        assertTrue(System.nanoTime() < deadline, "replacements so far: "
                                + health.threadReplacements());
                        Thread.sleep(100);
                    }
                    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString());
                    JsonNode body = new ObjectMapper().readTree(r.body());

                    assertEquals(503, r.statusCode(), r.body());
                    assertEquals(health.threadReplacements(), health.recordFailures(), "each failure named the record");
                    List<String> problems = List.of(body.path("problems").get(0).asText(),
                            body.path("problems").get(1).asText());
                    assertTrue(problems.get(0).startsWith("stream threads replaced "), r.body());
                    assertEquals(200, HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + port + "/health/live")).build(), HttpResponse.BodyHandlers
                            .discarding()).statusCode(), "alive: a restart would not cure it");
                    assertTrue(problems.get(1).matches("the same record failed \\d+ times in the last PT5M: "
                            + "task 0_0 poison-0@1"), r.body());
                }
            }
        }
    }

    private static final class Explode implements Processor<String, String, Void, Void> {
        @Override
        public void process(Record<String, String> record) {
            if (record.value().equals("boom")) {
                throw new IllegalStateException("this record always fails");
            }
        }
    }
}
