package io.segstream.stream.api;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.segstream.avro.CustomerAssignment;
import io.segstream.core.features.CustomerState;
import io.segstream.stream.features.FeatureStores;
import io.segstream.stream.features.StreamClock;
import io.segstream.stream.scoring.AssignmentCodec;
import io.segstream.stream.scoring.ScoringStores;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interactive-query API over the customer state stores. A request for a customer owned by another instance of
 * the application is forwarded to that instance (found through Kafka Streams metadata), so any instance answers for
 * any customer. Endpoints: {@code GET /customers/{id}}, {@code GET /customers?segment=ID|NAME}, {@code GET /health}. Uses the JDK's HTTP server: a few
 * read-only endpoints do not justify a web framework.
 */
public final class QueryServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueryServer.class);
    private static final String FORWARDED = "X-Segstream-Forwarded";
    private static final int MAX_LIMIT = 10_000;

    private final HttpServer server;
    private final KafkaStreams streams;
    private final StreamClock clock;
    private final HostInfo self;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private QueryServer(HttpServer server, KafkaStreams streams, StreamClock clock, HostInfo self) {
        this.server = server;
        this.streams = streams;
        this.clock = clock;
        this.self = self;
    }

    /**
     * Starts the API on {@code self} (the value of the application's {@code application.server}).
     *
     * @throws UncheckedIOException naming the address when it cannot be bound
     */
    public static QueryServer start(HostInfo self, KafkaStreams streams, StreamClock clock) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(self.host(), self.port()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot bind the query API to " + self.host() + ":" + self.port(), e);
        }
        QueryServer api = new QueryServer(server, streams, clock, self);
        server.createContext("/customers/", api::customer);
        server.createContext("/customers", api::segmentMembers);
        server.createContext("/health", api::health);
        server.setExecutor(Executors.newFixedThreadPool(4, Thread.ofPlatform().name("query-api-", 0).daemon()
                .factory()));
        server.start();
        LOG.info("Query API on http://{}:{}", self.host(), self.port());
        return api;
    }

    private void health(HttpExchange exchange) throws IOException {
        KafkaStreams.State state = streams.state();
        boolean up = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
        send(exchange, up ? 200 : 503, Map.of("state", state.name(), "streamTime",
                clock.millis() == Long.MIN_VALUE ? "" : Instant.ofEpochMilli(clock.millis()).toString()));
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
        KeyQueryMetadata owner = streams.queryMetadataForKey(FeatureStores.CUSTOMER_STATE, id,
                Serdes.String().serializer());
        if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            send(exchange, 503, Map.of("error", "stream metadata not available yet (rebalancing)"));
            return;
        }
        HostInfo active = owner.activeHost();
        if (!active.equals(self) && exchange.getRequestHeaders().getFirst(FORWARDED) == null) {
            forward(exchange, active, raw);
            return;
        }
        answerLocally(exchange, id, owner.partition());
    }

    private void answerLocally(HttpExchange exchange, String id, int partition) throws IOException {
        ReadOnlyKeyValueStore<String, byte[]> store;
        try {
            store = streams.store(StoreQueryParameters.fromNameAndType(FeatureStores.CUSTOMER_STATE,
                    QueryableStoreTypes.<String, byte[]>keyValueStore()).withPartition(partition));
        } catch (RuntimeException e) {
            send(exchange, 503, Map.of("error", "store not queryable: " + e.getMessage()));
            return;
        }
        byte[] encoded = store.get(id);
        if (encoded == null) {
            send(exchange, 404, Map.of("error", "unknown customer " + id));
            return;
        }
        long asOf = clock.millis();
        var features = CustomerState.decode(encoded).features(asOf);
        send(exchange, 200, new CustomerView(id, Instant.ofEpochMilli(asOf).toString(), features,
                segmentOf(id, partition), self.host() + ":" + self.port()));
    }

    private CustomerView.SegmentView segmentOf(String id, int partition) {
        try {
            ReadOnlyKeyValueStore<String, byte[]> store = streams.store(StoreQueryParameters.fromNameAndType(
                    ScoringStores.ASSIGNMENTS, QueryableStoreTypes.<String, byte[]>keyValueStore())
                    .withPartition(partition));
            return view(id, new AssignmentCodec().decode(store.get(id)));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static CustomerView.SegmentView view(String id, CustomerAssignment a) {
        return a == null || a.getSegmentId() == null ? null
                : new CustomerView.SegmentView(id, a.getSegmentId(), a.getSegmentName(), a.getModelVersion());
    }

    /**
     * {@code GET /customers?segment=ID|NAME[&limit=N]}: customers currently in a segment, gathered from this
     * instance's partitions and, unless the request was itself forwarded, from every other instance.
     */
    private void segmentMembers(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String segment = query.get("segment");
        int limit;
        try {
            limit = Math.min(MAX_LIMIT, Integer.parseInt(query.getOrDefault("limit", "100")));
        } catch (NumberFormatException e) {
            send(exchange, 400, Map.of("error", "limit must be an integer"));
            return;
        }
        if (segment == null || segment.isBlank() || limit < 1) {
            send(exchange, 400, Map.of("error", "use GET /customers?segment=ID|NAME[&limit=N], limit 1.."
                    + MAX_LIMIT));
            return;
        }
        List<CustomerView.SegmentView> members = new ArrayList<>();
        try {
            localMembers(segment, limit, members);
        } catch (RuntimeException e) {
            send(exchange, 503, Map.of("error", "store not queryable: " + e.getMessage()));
            return;
        }
        if (exchange.getRequestHeaders().getFirst(FORWARDED) == null) {
            for (StreamsMetadata other : streams.streamsMetadataForStore(ScoringStores.ASSIGNMENTS)) {
                if (!other.hostInfo().equals(self) && members.size() < limit) {
                    members.addAll(remoteMembers(other.hostInfo(), segment, limit - members.size()));
                }
            }
        }
        members.sort(Comparator.comparing(CustomerView.SegmentView::customerId));
        send(exchange, 200, Map.of("segment", segment, "count", members.size(), "limit", limit,
                "customers", members));
    }

    private void localMembers(String segment, int limit, List<CustomerView.SegmentView> out) {
        ReadOnlyKeyValueStore<String, byte[]> store = streams.store(StoreQueryParameters.fromNameAndType(
                ScoringStores.ASSIGNMENTS, QueryableStoreTypes.<String, byte[]>keyValueStore()));
        AssignmentCodec codec = new AssignmentCodec();
        try (var it = store.all()) {
            while (it.hasNext() && out.size() < limit) {
                var entry = it.next();
                CustomerAssignment a = codec.decode(entry.value);
                if (a.getSegmentId() != null && (segment.equals(String.valueOf(a.getSegmentId()))
                        || segment.equalsIgnoreCase(a.getSegmentName()))) {
                    out.add(view(entry.key, a));
                }
            }
        }
    }

    private List<CustomerView.SegmentView> remoteMembers(HostInfo host, String segment, int limit) {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + "/customers?segment="
                + URLEncoder.encode(segment, StandardCharsets.UTF_8) + "&limit=" + limit);
        HttpRequest request = HttpRequest.newBuilder(uri).header(FORWARDED, self.host() + ":" + self.port())
                .timeout(Duration.ofSeconds(5)).GET().build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("instance " + host.host() + ":" + host.port() + " answered "
                        + response.statusCode());
            }
            JsonNode customers = json.readTree(response.body()).get("customers");
            List<CustomerView.SegmentView> out = new ArrayList<>();
            for (JsonNode c : customers) {
                out.add(json.treeToValue(c, CustomerView.SegmentView.class));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("instance " + host.host() + ":" + host.port() + " unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
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

    private void forward(HttpExchange exchange, HostInfo owner, String rawId) throws IOException {
        URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + "/customers/"
                + URLEncoder.encode(URLDecoder.decode(rawId, StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri).header(FORWARDED, self.host() + ":" + self.port())
                .timeout(Duration.ofSeconds(5)).GET().build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            sendBytes(exchange, response.statusCode(), response.body());
        } catch (IOException e) {
            send(exchange, 502, Map.of("error", "owner " + owner.host() + ":" + owner.port() + " unreachable: " + e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(exchange, 503, Map.of("error", "interrupted"));
        }
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
        server.stop(0);
    }
}
