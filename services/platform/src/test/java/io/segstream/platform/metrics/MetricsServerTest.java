package io.segstream.platform.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLHandshakeException;

import io.segstream.certificates.LocalCertificates;
import io.segstream.platform.config.SegstreamConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsServerTest {

    @Test
    void givenPortZero_whenScraped_thenBoundPortServesJvmAndOwnMetricsAfterRefresh() throws Exception {
        AtomicInteger refreshed = new AtomicInteger();
        try (Metrics metrics = Metrics.create("test");
             MetricsServer server = MetricsServer.start("127.0.0.1", 0, metrics)) {
            metrics.registry().counter("segstream.test.events").increment(3);
            metrics.onScrape(refreshed::incrementAndGet);
            assertTrue(server.port() > 0);
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(server.url())).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
            assertTrue(response.body().contains("segstream_test_events_total{service=\"test\"} 3.0"),
                    response.body());
            assertTrue(response.body().contains("jvm_memory_used_bytes"));
            assertEquals(1, refreshed.get());
        }
    }

    @Test
    void given300IdleAnd50StalledConnections_whenScraped_thenAnsweredWithinTwoSecondsOnTheScrapePool()
            throws Exception {
        AtomicReference<String> scrapedOn = new AtomicReference<>();
        try (Metrics metrics = Metrics.create("test");
             MetricsServer server = MetricsServer.start("127.0.0.1", 0, metrics)) {
            metrics.onScrape(() -> scrapedOn.set(Thread.currentThread().getName()));
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 300; i++) {
                    sockets.add(new Socket(InetAddress.getLoopbackAddress(), server.port()));
                }
                for (int i = 0; i < 50; i++) {
                    Socket stalled = new Socket(InetAddress.getLoopbackAddress(), server.port());
                    OutputStream out = stalled.getOutputStream();
                    out.write("GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    sockets.add(stalled);
                }
                Thread.sleep(200);
                long start = System.nanoTime();
                HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.url())).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
                assertEquals(200, response.statusCode());
                assertTrue(response.body().contains("jvm_memory_used_bytes"));
                assertTrue(millis < 2_000, "took " + millis + " ms");
                assertTrue(scrapedOn.get().startsWith("metrics-http-probe-"), scrapedOn.get());
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
    }

    @Test
    void givenAPemKeyInAMountedDirectory_whenScrapedOverTls_thenServedToClientsTrustingItsCertificateOnly(
            @TempDir Path dir) throws Exception {
        LocalCertificates certs = LocalCertificates.create(dir);
        // The key and certificate stay in files, as a Kubernetes Secret mounts them: the dir provider reads them.
        SegstreamConfig config = SegstreamConfig.load(Optional.empty(), Map.of(
                SegstreamConfig.METRICS_HOST, "127.0.0.1", SegstreamConfig.METRICS_PORT, "0",
                "config.providers", "dir",
                "config.providers.dir.class", "org.apache.kafka.common.config.provider.DirectoryConfigProvider",
                "segstream.metrics.ssl.keystore.type", "PEM",
                "segstream.metrics.ssl.keystore.key", "${dir:" + dir + ":server-key.pem}",
                "segstream.metrics.ssl.keystore.certificate.chain", "${dir:" + dir + ":server-cert.pem}"));
        try (Metrics metrics = Metrics.create("test"); MetricsServer server = MetricsServer.start(config, metrics)) {
            assertTrue(server.url().startsWith("https://127.0.0.1:"), server.url());
            HttpClient trusting = HttpClient.newBuilder().sslContext(certs.sslContext("client", "server")).build();
            HttpResponse<String> response = trusting.send(HttpRequest.newBuilder(URI.create(server.url())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertTrue(response.body().contains("jvm_memory_used_bytes"));

            HttpClient other = HttpClient.newBuilder().sslContext(certs.sslContext("client", "client")).build();
            assertThrows(SSLHandshakeException.class, () -> other.send(HttpRequest.newBuilder(
                    URI.create(server.url())).build(), HttpResponse.BodyHandlers.ofString()));
            assertThrows(IOException.class, () -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    server.url().replace("https:", "http:"))).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()), "plain HTTP gets no metrics");
        }
    }

    @Test
    void givenTlsKeysWithoutAKey_whenStarting_thenRefusedNamingTheKeys() {
        SegstreamConfig config = SegstreamConfig.load(Optional.empty(), Map.of(SegstreamConfig.METRICS_PORT, "0",
                "segstream.metrics.ssl.truststore.location", "/nowhere.p12"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MetricsServer.start(config, Metrics.create("test")));
        assertTrue(e.getMessage().contains("segstream.metrics.ssl.keystore.location")
                && e.getMessage().contains("segstream.metrics.ssl.keystore.key"), e.getMessage());
    }
}
