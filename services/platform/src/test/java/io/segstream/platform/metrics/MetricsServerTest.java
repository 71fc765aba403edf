package io.segstream.platform.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;

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
}
