package io.segstream.stream.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live web console, served by the query API's HTTP server under {@code /console}: one page with its script and
 * styles, ECharts from the jar (the WebJar on the classpath, so the page works offline), and
 * {@code /console/api/overview}, which the page polls every two seconds. Samples {@link ConsoleData} once a second.
 */
public final class Console implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Console.class);
    /** Where the page lives. */
    public static final String PATH = "/console";
    /** ECharts sets element styles from script, hence {@code style-src 'unsafe-inline'}; scripts are the jar's. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    private static final String ECHARTS = "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
    private static final Map<String, String[]> FILES = Map.of(
            "", new String[] {"index.html", "text/html; charset=utf-8"},
            "/", new String[] {"index.html", "text/html; charset=utf-8"},
            "/console.js", new String[] {"console.js", "text/javascript; charset=utf-8"},
            "/console.css", new String[] {"console.css", "text/css; charset=utf-8"},
            "/echarts.min.js", new String[] {ECHARTS, "text/javascript; charset=utf-8"});

    private final ConsoleData data;
    private final ObjectMapper json;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("console-sampler").daemon().factory());

    private Console(ConsoleData data, ObjectMapper json) {
        this.data = data;
        this.json = json;
    }

    /** Adds the console to {@code server} and starts sampling. */
    public static Console register(HttpServer server, ConsoleData data, ObjectMapper json) {
        Console console = new Console(data, json);
        server.createContext(PATH, console::handle);
        console.sampler.scheduleAtFixedRate(() -> {
            try {
                data.sample();
            } catch (RuntimeException e) {
                LOG.debug("Console sample failed: {}", e.toString());
            }
        }, 0, 1, TimeUnit.SECONDS);
        return console;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String rest = exchange.getRequestURI().getPath().substring(PATH.length());
        if (!"GET".equals(exchange.getRequestMethod())) {
            send(exchange, 405, "text/plain", "only GET".getBytes());
        } else if (rest.equals("/api/overview")) {
            send(exchange, 200, "application/json", json.writeValueAsBytes(data.overview()));
        } else if (FILES.containsKey(rest)) {
            String[] file = FILES.get(rest);
            send(exchange, 200, file[1], resource(file[0]));
        } else {
            send(exchange, 404, "text/plain", ("no such page: " + rest).getBytes());
        }
    }

    private static byte[] resource(String name) {
        // Relative names are the console's own files next to this class; absolute ones come from a WebJar.
        try (InputStream in = Console.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("console resource " + name + " missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        // No inline script, nothing from elsewhere: data that slipped into markup could not run.
        exchange.getResponseHeaders().set("Content-Security-Policy", CSP);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
