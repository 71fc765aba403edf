package io.segstream.platform.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

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
}
