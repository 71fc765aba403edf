package io.segstream.platform.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.platform.net.HttpBounds;
import io.segstream.platform.net.ServerTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code GET /metrics} in the Prometheus text format on {@code segstream.metrics.host:port}; port 0 binds
 * any free port, which {@link #port()} reports.
 */
public final class MetricsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;
    private final ThreadPoolExecutor scrapes;

    private MetricsServer(HttpServer server, ExecutorService executor, ThreadPoolExecutor scrapes) {
        this.server = server;
        this.executor = executor;
        this.scrapes = scrapes;
    }

    /** Starts serving {@code metrics} where {@code config} says. */
    public static MetricsServer start(SegstreamConfig config, Metrics metrics) {
        return start(config.require(SegstreamConfig.METRICS_HOST), config.getInt(SegstreamConfig.METRICS_PORT),
                metrics, ServerTls.from(config.resolved(), ServerTls.METRICS_PREFIX).orElse(null));
    }

    /**
     * Starts serving {@code metrics}.
     *
     * @param host interface to bind
     * @param port port to bind, 0 for any free one
     * @throws UncheckedIOException naming the address when it cannot be bound
     */
    public static MetricsServer start(String host, int port, Metrics metrics) {
        return start(host, port, metrics, null);
    }

    /**
     * Starts serving {@code metrics}, over TLS with {@code tls} ({@code segstream.metrics.ssl.*}, {@link ServerTls}).
     *
     * @param tls null for plain HTTP
     */
    public static MetricsServer start(String host, int port, Metrics metrics, SSLContext tls) {
        HttpBounds.DEFAULTS.applyToJdkServer();
        HttpServer server;
        try {
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (tls == null) {
                server = HttpServer.create(address, 0);
            } else {
                HttpsServer https = HttpsServer.create(address, 0);
                https.setHttpsConfigurator(ServerTls.configurator(tls));
                server = https;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve metrics on " + host + ":" + port
                    + " (set segstream.metrics.port, 0 = any free port)", e);
        }
        // A virtual thread per exchange: a client that stalls mid-request (closed after the request timeout) cannot
        // hold up the scrapes.
        ExecutorService executor = HttpBounds.ioExecutor("metrics-http");
        server.setExecutor(executor);
        // Scrapes run on a small pool of their own; a full queue is 503.
        ThreadPoolExecutor scrapes = HttpBounds.probePool("metrics-http");
        server.createContext("/metrics", exchange -> {
            try {
                scrapes.execute(() -> {
                    try {
                        handle(exchange, metrics);
                    } catch (IOException | RuntimeException e) {
                        LOG.debug("Metrics scrape failed: {}", e.toString());
                        exchange.close();
                    }
                });
            } catch (RejectedExecutionException busy) {
                try (exchange) {
                    exchange.getResponseHeaders().set("Retry-After", "1");
                    exchange.sendResponseHeaders(503, -1);
                }
            }
        });
        server.start();
        MetricsServer started = new MetricsServer(server, executor, scrapes);
        LOG.info("Serving Prometheus metrics on {}", started.url());
        return started;
    }

    private static void handle(HttpExchange exchange, Metrics metrics) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.sendResponseHeaders(200, "HEAD".equals(exchange.getRequestMethod()) ? -1 : body.length);
            if (!"HEAD".equals(exchange.getRequestMethod())) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The URL Prometheus scrapes. */
    public String url() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://" + server.getAddress().getHostString() + ":" + port() + "/metrics";
    }

    @Override
    public void close() {
        server.stop(0);
        scrapes.shutdownNow();
        executor.shutdownNow();
    }
}
