package io.segstream.stream.api;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import io.segstream.platform.net.HttpBounds;
import io.segstream.platform.net.ServerTls;
import io.segstream.stream.features.StreamClock;
import io.segstream.stream.console.Console;
import io.segstream.stream.console.ConsoleData;
import io.segstream.stream.drift.DriftMonitor;
import io.segstream.stream.lifetime.LifetimeModels;
import io.segstream.stream.scoring.ScoringReadModel;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the interactive-query API: routing and responses. {@link CustomerQueries} reads the stores,
 * {@link PeerClient} asks other instances: a request for a customer owned by another instance is forwarded to it
 * (found through Kafka Streams metadata), so any instance answers for any customer. Endpoints:
 * {@code GET /customers/{id}}, {@code GET /customers?segment=ID|NAME}, {@code GET /health[/live]}. Uses the JDK's HTTP
 * server: a few read-only endpoints do not justify a web framework.
 *
 * <p>Customer endpoints need the API token ({@link ApiAccess}) and run on a bounded worker pool (503 when its queue
 * is full); {@code /health} runs on a small pool of its own ({@link HttpBounds#probePool}) and the console on the
 * server's own threads, so neither a burst of queries nor clients that stall mid-request ({@link HttpBounds}) can
 * keep a probe from its answer.
 */
public final class QueryServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueryServer.class);
    /** Longest request path and query accepted; customer ids are far shorter. */
    static final int MAX_PATH = 512;
    static final int MAX_QUERY = 1_024;

    private final HttpServer server;
    private final CustomerQueries queries;
    private final PeerClient peers;
    private final ObjectMapper json;
    private final Supplier<List<String>> problems;
    private final ApiOptions options;
    private final ExecutorService io;
    private final ExecutorService workers;
    private final ExecutorService probes;
    private Console console;

    private QueryServer(HttpServer server, CustomerQueries queries, PeerClient peers, ObjectMapper json,
                        Supplier<List<String>> problems, ApiOptions options) {
        this.server = server;
        this.queries = queries;
        this.peers = peers;
        this.json = json;
        this.problems = problems;
        this.options = options;
        this.io = HttpBounds.ioExecutor("query-api");
        this.workers = options.bounds().workerPool("query-api");
        this.probes = HttpBounds.probePool("query-api");
    }

    /**
     * Starts the API on {@code self} (the value of the application's {@code application.server}).
     *
     * @throws UncheckedIOException naming the address when it cannot be bound
     */
    public static QueryServer start(HostInfo self, KafkaStreams streams, StreamClock clock) {
        return start(self, streams, clock, new LifetimeModels(), new ScoringReadModel(), new DriftMonitor());
    }

    /**
     * Starts the API, answering lifetime values with the newest model in {@code lifetime} and naming segments and
     * features with the newest model in {@code scoring}.
     */
    public static QueryServer start(HostInfo self, KafkaStreams streams, StreamClock clock,
                                    LifetimeModels lifetime, ScoringReadModel scoring, DriftMonitor drift) {
        return start(self, streams, clock, lifetime, scoring, drift, List::of);
    }

    /**
     * Starts the API with customer data open to anyone ({@link ApiOptions#OPEN_FOR_TESTS}); {@code GET /health}
     * also answers 503 while {@code problems} names any (for example stream threads failing over and over while
     * Kafka Streams still says RUNNING).
     */
    public static QueryServer start(HostInfo self, KafkaStreams streams, StreamClock clock,
                                    LifetimeModels lifetime, ScoringReadModel scoring, DriftMonitor drift,
                                    Supplier<List<String>> problems) {
        return start(self, streams, clock, lifetime, scoring, drift, problems, ApiOptions.OPEN_FOR_TESTS);
    }

    /** Starts the API as {@code options} say: who reads customer data, and the server's bounds. */
    public static QueryServer start(HostInfo self, KafkaStreams streams, StreamClock clock,
                                    LifetimeModels lifetime, ScoringReadModel scoring, DriftMonitor drift,
                                    Supplier<List<String>> problems, ApiOptions options) {
        options.bounds().applyToJdkServer();
        HttpServer server;
        try {
            InetSocketAddress address = new InetSocketAddress(self.host(), self.port());
            if (options.tls() == null) {
                server = HttpServer.create(address, 0);
            } else {
                HttpsServer https = HttpsServer.create(address, 0);
                https.setHttpsConfigurator(ServerTls.configurator(options.tls()));
                server = https;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot bind the query API to " + self.host() + ":" + self.port(), e);
        }
        ObjectMapper json = new ObjectMapper();
        QueryServer api = new QueryServer(server, new CustomerQueries(streams, clock, self, lifetime, scoring),
                new PeerClient(self, json, options.access(), options.tls()), json, problems, options);
        server.createContext("/customers/", api.customerData(api::customer));
        server.createContext("/customers", api.customerData(api::segmentMembers));
        server.createContext("/health", api.onPool(api.probes, api.bounded(api::health), "health checks"));
        api.console = Console.register(server, new ConsoleData(scoring, drift, clock), json);
        server.setExecutor(api.io);
        server.start();
        if (options.access().isOpen()) {
            LOG.warn("Query API on {}://{}:{} serves customer data to anyone ({}=true)", options.scheme(),
                    self.host(), self.port(), ApiAccess.OPEN);
        } else {
            LOG.info("Query API on {}://{}:{}; customer data needs the token from {}", options.scheme(), self.host(),
                    self.port(), options.access().source());
        }
        return api;
    }

    /**
     * Refuses oversized requests before any handler or store sees them, and answers every request: an exception
     * escaping a handler would make the JDK server drop the connection without a response, which a client (or a
     * peer forwarding to this instance) sees as "header parser received no bytes". Kafka Streams refusing a read
     * (not running yet, or a task migrating during a rebalance) is 503, to be retried; anything else is 500.
     */
    private HttpHandler bounded(HttpHandler handler) {
        return exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            if (path.length() > MAX_PATH || (query != null && query.length() > MAX_QUERY)) {
                send(exchange, 414, Map.of("error", "request too long: path at most " + MAX_PATH
                        + " characters, query at most " + MAX_QUERY));
                return;
            }
            try {
                handler.handle(exchange);
            } catch (CustomerQueries.NotQueryable | InvalidStateStoreException e) {
                send(exchange, 503, Map.of("error", "not queryable now, retry: " + e.getMessage()));
            } catch (RuntimeException e) {
                LOG.error("Query API failed on {}", exchange.getRequestURI().getPath(), e);
                // The cause stays in the log: an answer carries no stack trace and no internals.
                send(exchange, 500, Map.of("error", "internal error; the instance's log has the details"));
            }
        };
    }

    /**
     * Customer data: the token is checked on the server's thread, then the work goes to the bounded worker pool,
     * whose full queue is a 503 with {@code Retry-After} rather than a wait that would hold a server thread.
     */
    private HttpHandler customerData(HttpHandler handler) {
        HttpHandler work = bounded(handler);
        return bounded(exchange -> {
            int refused = options.access().check(exchange.getRequestHeaders().getFirst("Authorization"));
            if (refused != 0) {
                if (refused == 401) {
                    exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"segstream\"");
                }
                send(exchange, refused, Map.of("error", options.access().refusal(refused)));
                return;
            }
            onPool(workers, work, "customer requests").handle(exchange);
        });
    }

    /** Runs {@code handler} on {@code pool}; a full pool is 503 with {@code Retry-After}. */
    private HttpHandler onPool(ExecutorService pool, HttpHandler handler, String what) {
        return exchange -> {
            try {
                pool.execute(() -> {
                    try {
                        handler.handle(exchange);
                    } catch (IOException e) {
                        exchange.close();
                    }
                });
            } catch (RejectedExecutionException busy) {
                exchange.getResponseHeaders().set("Retry-After", "1");
                send(exchange, 503, Map.of("error", "busy: too many " + what + " at once, retry"));
            }
        };
    }

    /**
     * {@code /health} (readiness): 200 while Kafka Streams runs or rebalances and nothing is wrong;
     * {@code /health/live} (liveness): the Kafka Streams state alone, since a restart cures none of the problems.
     */
    private void health(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!path.equals("/health") && !path.equals("/health/live")) {
            send(exchange, 404, Map.of("error", "use GET /health or GET /health/live"));
            return;
        }
        KafkaStreams.State state = queries.state();
        boolean up = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
        List<String> now = problems.get();
        long streamTime = queries.streamTime();
        send(exchange, up && (now.isEmpty() || path.equals("/health/live")) ? 200 : 503, Map.of("state", state.name(), "streamTime",
                streamTime == Long.MIN_VALUE ? "" : Instant.ofEpochMilli(streamTime).toString(), "problems", now));
    }

    private void customer(HttpExchange exchange) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod())) {
            send(exchange, 405, Map.of("error", "only GET is supported"));
            return;
        }
        String raw = exchange.getRequestURI().getRawPath().substring("/customers/".length());
        String id = URLDecoder.decode(raw, StandardCharsets.UTF_8);
        if (id.isEmpty()) {
            send(exchange, 400, Map.of("error", "missing customer id: GET /customers/{id}"));
            return;
        }
        var owner = queries.owner(id);
        if (owner.isEmpty()) {
            send(exchange, 503, Map.of("error", "stream metadata not available yet (rebalancing)"));
            return;
        }
        HostInfo active = owner.get().activeHost();
        if (!active.equals(queries.self()) && exchange.getRequestHeaders().getFirst(PeerClient.FORWARDED) == null) {
            forward(exchange, active, id);
            return;
        }
        try {
            var view = queries.customer(id, owner.get().partition());
            if (view.isEmpty()) {
                send(exchange, 404, Map.of("error", "unknown customer " + id));
            } else {
                send(exchange, 200, view.get());
            }
        } catch (CustomerQueries.NotQueryable e) {
            send(exchange, 503, Map.of("error", e.getMessage()));
        }
    }

    private void forward(HttpExchange exchange, HostInfo owner, String id) throws IOException {
        try {
            PeerClient.Answer answer = peers.customer(owner, id);
            sendBytes(exchange, answer.status(), answer.body());
        } catch (IOException e) {
            send(exchange, 502, Map.of("error", "owner " + owner.host() + ":" + owner.port() + " unreachable: " + e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(exchange, 503, Map.of("error", "interrupted"));
        }
    }

    /**
     * {@code GET /customers?segment=ID|NAME[&limit=N][&after=ID]}: a page of the customers currently in a segment,
     * in customer id order, gathered from this instance's partitions and, unless the request was itself forwarded,
     * from every other instance (each sends its own first {@code limit} after {@code after}; the page is the first
     * {@code limit} of them all). {@code next} is the cursor of the following page (its {@code after}), null on the
     * last page.
     */
    private void segmentMembers(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String segment = query.get("segment");
        String after = query.get("after");
        int limit;
        try {
            limit = Math.min(options.maxPage(), Integer.parseInt(query.getOrDefault("limit", "100")));
        } catch (NumberFormatException e) {
            send(exchange, 400, Map.of("error", "limit must be an integer"));
            return;
        }
        if (segment == null || segment.isBlank() || limit < 1 || (after != null && after.isEmpty())) {
            send(exchange, 400, Map.of("error", "use GET /customers?segment=ID|NAME[&limit=N][&after=ID], limit 1.."
                    + options.maxPage() + ", after the 'next' of the previous page"));
            return;
        }
        TreeMap<String, CustomerView.SegmentView> page = new TreeMap<>();
        try {
            queries.members(segment, limit, after).forEach(m -> page.put(m.customerId(), m));
        } catch (CustomerQueries.NotQueryable e) {
            send(exchange, 503, Map.of("error", e.getMessage()));
            return;
        }
        if (exchange.getRequestHeaders().getFirst(PeerClient.FORWARDED) == null) {
            for (HostInfo peer : queries.peers()) {
                try {
                    peers.members(peer, segment, limit, after).forEach(m -> page.put(m.customerId(), m));
                } catch (UncheckedIOException | IllegalStateException e) {
                    // A partial list would look complete: say which instance is missing instead.
                    send(exchange, 502, Map.of("error", e.getMessage()));
                    return;
                }
            }
        }
        while (page.size() > limit) {
            page.pollLastEntry();
        }
        List<CustomerView.SegmentView> members = new ArrayList<>(page.values());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("segment", segment);
        body.put("count", members.size());
        body.put("limit", limit);
        body.put("after", after);
        body.put("next", members.size() == limit ? members.getLast().customerId() : null);
        body.put("customers", members);
        send(exchange, 200, body);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw == null) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    private void send(HttpExchange exchange, int status, Object body) throws IOException {
        sendBytes(exchange, status, json.writeValueAsBytes(body));
    }

    private static void sendBytes(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** The port the API listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        console.close();
        server.stop(0);
        workers.shutdownNow();
        probes.shutdownNow();
        io.shutdownNow();
    }
}
