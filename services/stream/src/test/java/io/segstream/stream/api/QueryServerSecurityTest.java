package io.segstream.stream.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.segstream.certificates.LocalCertificates;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.devstack.FreePorts;
import io.segstream.stream.drift.DriftMonitor;
import io.segstream.stream.features.StreamClock;
import io.segstream.stream.lifetime.LifetimeModels;
import io.segstream.stream.scoring.ScoringReadModel;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Customer data needs the token, {@code /health} does not, and stalled clients cannot starve {@code /health}. No
 * broker: Kafka Streams is created but never started, so a request that passes the token check is answered 503 (not
 * queryable yet) by the store layer; what matters here is that it got there.
 */
class QueryServerSecurityTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    @Test
    void givenATokenFile_whenAskingForCustomers_then401WithoutIt403WithAWrongOneAndThroughWithTheRightOne(
            @TempDir Path dir) throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("api-token"), "t0ken-1\n");
        int port = start(options(Map.of(ApiAccess.TOKEN_FILE, tokenFile.toString())));

        HttpResponse<String> none = get(port, "/customers/12345", null);
        assertEquals(401, none.statusCode());
        assertEquals("Bearer realm=\"segstream\"", none.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertEquals(403, get(port, "/customers/12345", "Bearer wrong").statusCode());
        assertEquals(403, get(port, "/customers?segment=Champions", "Bearer t0ken-2").statusCode());
        HttpResponse<String> right = get(port, "/customers/12345", "Bearer t0ken-1");
        assertEquals(503, right.statusCode(), "past the token check, refused only because nothing runs yet");
        assertTrue(right.body().contains("not available yet") || right.body().contains("not queryable"),
                right.body());
        assertEquals(503, get(port, "/customers?segment=Champions", "Bearer t0ken-1").statusCode());

        Files.writeString(tokenFile, "t0ken-2");
        Files.setLastModifiedTime(tokenFile, java.nio.file.attribute.FileTime.fromMillis(
                System.currentTimeMillis() + 5_000));
        assertEquals(403, get(port, "/customers/12345", "Bearer t0ken-1").statusCode(), "rotated away");
        assertEquals(503, get(port, "/customers/12345", "Bearer t0ken-2").statusCode(), "rotated in");

        HttpResponse<String> health = get(port, "/health", null);
        assertEquals(503, health.statusCode(), "open without a token; 503 only because nothing runs");
        assertFalse(health.body().contains("12345"));
    }

    @Test
    void givenNoTokenAndNotOpened_whenAskingForCustomers_thenRefusedNamingTheSettings() throws Exception {
        int port = start(options(Map.of()));

        HttpResponse<String> r = get(port, "/customers/12345", "Bearer anything");
        assertEquals(401, r.statusCode());
        assertTrue(r.body().contains(ApiAccess.TOKEN_FILE) && r.body().contains(ApiAccess.DEFAULT_TOKEN_ENV),
                r.body());
    }

    @Test
    void givenTheTokenInTheEnvironment_whenAsking_thenItIsTheToken() throws Exception {
        ApiOptions options = ApiOptions.from(SegstreamConfig.load(Optional.empty(), Map.of()),
                Map.of(ApiAccess.DEFAULT_TOKEN_ENV, "from-env"));
        int port = start(options);

        assertEquals(403, get(port, "/customers/1", "Bearer from-file").statusCode());
        assertEquals(503, get(port, "/customers/1", "Bearer from-env").statusCode());
    }

    @Test
    void givenALimitAboveTheMaximumPage_whenListing_thenTheSettingBoundsIt() {
        ApiOptions options = options(Map.of(ApiOptions.MAX_PAGE, "50", ApiAccess.OPEN, "true"));
        assertEquals(50, options.maxPage());
        assertTrue(options.access().isOpen());
    }

    @Test
    void given300IdleAnd50StalledConnections_whenAskingForHealth_thenItAnswersWithinTwoSecondsOnTheProbePool()
            throws Exception {
        AtomicReference<String> checkedOn = new AtomicReference<>();
        int port = start(options(Map.of(ApiAccess.OPEN, "true")), () -> {
            checkedOn.set(Thread.currentThread().getName());
            return List.of();
        });
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                sockets.add(new Socket(InetAddress.getLoopbackAddress(), port));
            }
            for (int i = 0; i < 50; i++) {
                Socket stalled = new Socket(InetAddress.getLoopbackAddress(), port);
                OutputStream out = stalled.getOutputStream();
                out.write("GET /customers/1 HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                sockets.add(stalled);
            }
            Thread.sleep(200);
            long start = System.nanoTime();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/health")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertEquals(503, health.statusCode(), "answered (503: Kafka Streams is not running in this test)");
            assertTrue(health.body().contains("\"state\""), health.body());
            assertTrue(millis < 2_000, "took " + millis + " ms");
            assertTrue(checkedOn.get().startsWith("query-api-probe-"), "health on its own pool: " + checkedOn.get());
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    @Test
    void givenAPkcs12KeyStore_whenAskedOverTls_thenTheTokenStillDecidesAndPlainHttpIsRefused(@TempDir Path dir)
            throws Exception {
        LocalCertificates certs = LocalCertificates.create(dir);
        Path tokenFile = Files.writeString(dir.resolve("api-token"), "t0ken-1");
        ApiOptions options = options(Map.of(ApiAccess.TOKEN_FILE, tokenFile.toString(),
                "segstream.api.ssl.keystore.location", certs.keyStore("server").toString(),
                "segstream.api.ssl.keystore.password", certs.password(),
                "segstream.api.ssl.keystore.type", "PKCS12",
                "segstream.api.ssl.truststore.location", certs.trustStore("server").toString(),
                "segstream.api.ssl.truststore.password", certs.password()));
        assertEquals("https", options.scheme());
        int port = start(options);
        HttpClient tls = HttpClient.newBuilder().sslContext(certs.sslContext("client", "server"))
                .connectTimeout(Duration.ofSeconds(2)).build();

        HttpResponse<String> health = tls.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port
                + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(503, health.statusCode(), "answered over TLS (503: nothing runs)");
        assertTrue(health.body().contains("\"state\""), health.body());
        assertEquals(401, tls.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port
                + "/customers/1")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(503, tls.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/customers/1"))
                .header("Authorization", "Bearer t0ken-1").build(), HttpResponse.BodyHandlers.ofString())
                .statusCode(), "past the token check");
        HttpResponse<String> console = tls.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port
                + "/console")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, console.statusCode());
        assertTrue(console.body().contains("<title>segstream console</title>"));

        assertThrows(java.io.IOException.class, () -> get(port, "/health", null), "plain HTTP is not answered");
        HttpClient untrusting = HttpClient.newBuilder().sslContext(certs.sslContext("client", "client")).build();
        assertThrows(javax.net.ssl.SSLHandshakeException.class, () -> untrusting.send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString()));
    }

    private static ApiOptions options(Map<String, String> settings) {
        return ApiOptions.from(SegstreamConfig.load(Optional.empty(), settings), Map.of());
    }

    private int start(ApiOptions options) throws Exception {
        return start(options, List::of);
    }

    private int start(ApiOptions options, Supplier<List<String>> problems) throws Exception {
        Topology topology = new Topology();
        topology.addSource("in", Serdes.String().deserializer(), Serdes.String().deserializer(), "in");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "security-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("segstream-security-").toString());
        int port = FreePorts.pick();
        KafkaStreams streams = new KafkaStreams(topology, props);
        open.add(streams);
        open.add(QueryServer.start(new HostInfo("127.0.0.1", port), streams, new StreamClock(), new LifetimeModels(),
                new ScoringReadModel(), new DriftMonitor(), problems, options));
        return port;
    }

    private HttpResponse<String> get(int port, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
