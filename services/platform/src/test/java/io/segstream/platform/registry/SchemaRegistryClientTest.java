package io.segstream.platform.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against a scripted HTTP server: request format, error mapping and timeouts, without a registry. */
class SchemaRegistryClientTest {

    private static final Schema SCHEMA = SchemaBuilder.record("Probe").namespace("test").fields()
            .requiredString("name").endRecord();

    private record Recorded(String method, String path, String contentType, String body) {
    }

    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private SchemaRegistryClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void registerPostsTheSchemaAsRegistryJsonAndReturnsTheId() throws IOException {
        answer(200, "{\"id\":7}");

        int id = client.register("invoices-value", SCHEMA);

        assertEquals(7, id);
        Recorded request = requests.getFirst();
        assertEquals("POST /subjects/invoices-value/versions", request.method() + " " + request.path());
        assertEquals("application/vnd.schemaregistry.v1+json", request.contentType());
        JsonNode body = new ObjectMapper().readTree(request.body());
        assertEquals(SCHEMA, new Schema.Parser().parse(body.get("schema").asText()));
        assertEquals("AVRO", body.get("schemaType").asText());
    }

    @Test
    void conflictBecomesIncompatibleSchemaExceptionNamingSubjectUrlAndRegistryMessage() {
        answer(409, "{\"error_code\":409,\"message\":\"Incompatible artifact: invoices-value [AVRO]\"}");

        IncompatibleSchemaException e = assertThrows(IncompatibleSchemaException.class,
                () -> client.register("invoices-value", SCHEMA));

        assertEquals("invoices-value", e.subject());
        assertEquals(409, e.httpStatus());
        assertEquals(409, e.errorCode());
        assertTrue(e.getMessage().startsWith("Schema for subject 'invoices-value' is incompatible"), e.getMessage());
        assertTrue(e.getMessage().contains("POST " + baseUrl() + "/subjects/invoices-value/versions"), e.getMessage());
        assertTrue(e.getMessage().endsWith("Incompatible artifact: invoices-value [AVRO]"), e.getMessage());
    }

    @Test
    void notFoundCarriesTheRegistryErrorCode() {
        answer(404, "{\"error_code\":40403,\"message\":\"Schema 99 not found.\"}");

        SchemaNotFoundException e = assertThrows(SchemaNotFoundException.class, () -> client.schemaById(99));

        assertEquals(SchemaNotFoundException.SCHEMA_NOT_FOUND, e.errorCode());
        assertEquals("GET " + baseUrl() + "/schemas/ids/99 failed with HTTP 404 (error 40403): Schema 99 not found.",
                e.getMessage());
    }

    @Test
    void errorWithoutBodyStillMapsByStatus() {
        answer(404, "");

        SchemaNotFoundException e = assertThrows(SchemaNotFoundException.class, () -> client.latest("x-value"));

        assertEquals(0, e.errorCode());
        assertTrue(e.getMessage().endsWith("failed with HTTP 404: <empty body>"), e.getMessage());
    }

    @Test
    void otherClientAndServerErrorsHaveTheirOwnTypes() {
        answer(422, "{\"error_code\":42203,\"message\":\"Invalid compatibility level: BOGUS\"}");
        RegistryRequestException request = assertThrows(RegistryRequestException.class,
                () -> client.setGlobalCompatibility(CompatibilityLevel.FULL));
        assertEquals(42203, request.errorCode());

        answer(503, "<html>upstream down</html>");
        RegistryServerException server = assertThrows(RegistryServerException.class, client::globalCompatibility);
        assertEquals(503, server.httpStatus());
        assertTrue(server.getMessage().endsWith("<html>upstream down</html>"), server.getMessage());
    }

    @Test
    void schemaByIdAsksTheRegistryOnce() {
        answer(200, "{\"schema\":" + new ObjectMapper().valueToTree(SCHEMA.toString()) + "}");

        Schema first = client.schemaById(3);
        Schema second = client.schemaById(3);

        assertEquals(SCHEMA, first);
        assertSame(first, second);
        assertEquals(1, requests.size());
    }

    @Test
    void compatibilityReadsBothSpellingsOfTheLevel() {
        answer(200, "{\"compatibilityLevel\":\"BACKWARD\"}");
        assertEquals(CompatibilityLevel.BACKWARD, client.compatibility("invoices-value"));
        assertEquals("/config/invoices-value", requests.getLast().path());

        answer(200, "{\"compatibility\":\"FULL\"}");
        assertEquals(CompatibilityLevel.FULL, client.globalCompatibility());
    }

    @Test
    void slowRegistryTimesOutAsUnavailable() throws IOException {
        startServer(exchange -> {
            sleepQuietly(Duration.ofSeconds(5));
            respond(exchange, 200, "{\"id\":1}");
        });
        client = SchemaRegistryClient.create(RegistryClientOptions.of(baseUrl())
                .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300)));

        long started = System.nanoTime();
        RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class,
                () -> client.register("invoices-value", SCHEMA));

        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 3000);
        assertTrue(e.getMessage().startsWith("Schema registry did not answer POST " + baseUrl()), e.getMessage());
    }

    @Test
    void closedPortIsUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        client = SchemaRegistryClient.create(RegistryClientOptions.of("http://127.0.0.1:" + closedPort));

        RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class, client::subjects);

        assertTrue(e.getMessage().startsWith("Schema registry unreachable for GET http://127.0.0.1:" + closedPort
                + "/subjects"), e.getMessage());
    }

    /** Answers every request with {@code status} and {@code body}; replaces any earlier script. */
    private void answer(int status, String body) {
        if (server != null) {
            server.stop(0);
            client.close();
        }
        try {
            startServer(exchange -> respond(exchange, status, body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        client = SchemaRegistryClient.create(RegistryClientOptions.of(baseUrl()));
    }

    private void startServer(ExchangeHandler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            handler.handle(exchange);
        });
        // Virtual threads, so stopping the server does not wait for a handler that is still sleeping.
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @FunctionalInterface
    private interface ExchangeHandler {
        void handle(HttpExchange exchange) throws IOException;
    }
}
