package io.segstream.stream.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Properties;

import io.segstream.devstack.FreePorts;
import io.segstream.stream.features.StreamClock;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/**
 * The query API bounds every input before it reaches a store: oversized paths and queries get 414, a bad limit 400,
 * and an application that is not running answers 503 instead of failing. No broker: the Kafka Streams instance is
 * created but never started.
 */
class QueryServerBoundsTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void givenOversizedOrMalformedRequests_whenSent_thenRefusedWithTheirStatus() throws Exception {
        Topology topology = new Topology();
        topology.addSource("in", Serdes.String().deserializer(), Serdes.String().deserializer(), "in");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bounds-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("segstream-bounds-").toString());
        int port = FreePorts.pick();
        try (KafkaStreams streams = new KafkaStreams(topology, props);
             QueryServer api = QueryServer.start(new HostInfo("127.0.0.1", port), streams, new StreamClock())) {
            assertEquals(414, status(port, "/customers/" + "x".repeat(QueryServer.MAX_PATH)));
            assertEquals(414, status(port, "/customers?segment=" + "a".repeat(QueryServer.MAX_QUERY)));
            assertEquals(400, status(port, "/customers?segment=Champions&limit=lots"));
            assertEquals(400, status(port, "/customers?segment=Champions&limit=0"));
            assertEquals(400, status(port, "/customers/"));
            assertEquals(503, status(port, "/health"), "not running yet");
            assertEquals(503, status(port, "/health/live"), "not running yet");
            assertEquals(404, status(port, "/health/other"));
            // Kafka Streams refuses metadata and store reads before it runs (and while tasks migrate): the answer is
            // 503, never a connection dropped by an exception escaping the handler.
            assertEquals(503, status(port, "/customers/12345"), "no metadata yet");
            assertEquals(503, status(port, "/customers?segment=Champions"), "no stores yet");
            assertTrue(api.port() == port);
        }
    }

    private int status(int port, String pathAndQuery) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }
}
