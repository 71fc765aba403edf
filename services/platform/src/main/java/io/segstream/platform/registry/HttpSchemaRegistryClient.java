package io.segstream.platform.registry;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;

/**
 * A small client for the Confluent-compatible schema registry REST API (Confluent Schema Registry, Apicurio's
 * {@code /apis/ccompat/v7}, Karapace). Only Avro schemas are supported.
 *
 * <p>Every call either returns or throws a {@link SchemaRegistryException} within the configured timeouts. Schemas
 * fetched by id are cached forever: ids are immutable in the registry. The client is thread-safe.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryClientOptions options;
    private final HttpClient http;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    /** Creates a client; it opens connections lazily, so a registry that is down fails the first call, not this. */
    public HttpSchemaRegistryClient(RegistryClientOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        // HTTP/1.1 only: registries do not speak h2c, and the upgrade attempt just adds headers proxies may mangle.
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.connectTimeout());
        options.security().sslContext().ifPresent(builder::sslContext);
        this.http = builder.build();
    }

    /** The options this client was built with. */
    @Override
    public RegistryClientOptions options() {
        return options;
    }

    /**
     * Registers {@code schema} under {@code subject}, or finds it if an equal schema is already there.
     *
     * @return the schema id
     * @throws IncompatibleSchemaException if the schema breaks the subject's compatibility level
     */
    @Override
    public int register(String subject, Schema schema) {
        JsonNode body = send("POST", subjectPath(subject) + "/versions", schemaBody(schema), subject);
        int id = requiredInt(body, "id", subject);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    /**
     * Finds {@code schema} among the versions of {@code subject} without registering it.
     *
     * @throws SchemaNotFoundException if the subject does not exist (40401) or does not hold the schema (40403)
     */
    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        return registeredSchema(send("POST", subjectPath(subject), schemaBody(schema), subject), subject);
    }

    /** Returns the latest version under {@code subject}. */
    @Override
    public RegisteredSchema latest(String subject) {
        return registeredSchema(send("GET", subjectPath(subject) + "/versions/latest", null, subject), subject);
    }

    /**
     * Returns the schema with registry id {@code id}, from the cache when it was seen before.
     *
     * @throws SchemaNotFoundException if no schema has that id
     */
    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        // Not computeIfAbsent: that would hold a map lock during an HTTP call. A duplicate fetch is harmless.
        JsonNode body = send("GET", "/schemas/ids/" + id, null, null);
        Schema schema = parseSchema(requiredText(body, "schema", null));
        Schema raced = schemasById.putIfAbsent(id, schema);
        return raced != null ? raced : schema;
    }

    /** Lists all subjects. */
    @Override
    public List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        send("GET", "/subjects", null, null).forEach(node -> subjects.add(node.asText()));
        return subjects;
    }

    /**
     * Asks whether {@code schema} could be registered as the next version of {@code subject}. A subject without
     * versions accepts anything on Apicurio; other registries may answer 40401 ({@link SchemaNotFoundException}).
     */
    @Override
    public boolean testCompatibility(String subject, Schema schema) {
        JsonNode body = send("POST", "/compatibility" + subjectPath(subject) + "/versions/latest",
                schemaBody(schema), subject);
        return body.path("is_compatible").asBoolean(false);
    }

    /** Returns the global compatibility level, used by subjects without their own. */
    @Override
    public CompatibilityLevel globalCompatibility() {
        return compatibilityLevel(send("GET", "/config", null, null), null);
    }

    /** Sets the global compatibility level. */
    @Override
    public void setGlobalCompatibility(CompatibilityLevel level) {
        send("PUT", "/config", compatibilityBody(level), null);
    }

    /**
     * Returns the level that applies to {@code subject}: its own, or the global one when it has none. Asks with
     * {@code defaultToGlobal=true} because registries differ otherwise (Confluent answers 40408, Apicurio NONE).
     *
     * @throws SchemaNotFoundException on Apicurio, if the subject has no versions yet
     */
    @Override
    public CompatibilityLevel compatibility(String subject) {
        return compatibilityLevel(send("GET", "/config/" + encode(subject) + "?defaultToGlobal=true", null, subject),
                subject);
    }

    /** Sets the compatibility level of {@code subject}, overriding the global one. */
    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        send("PUT", "/config/" + encode(subject), compatibilityBody(level), subject);
    }

    @Override
    public void close() {
        http.close();
    }

    private JsonNode send(String method, String path, Map<String, String> body, String subject) {
        URI uri = URI.create(options.baseUrl() + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(options.requestTimeout())
                .header("Accept", CONTENT_TYPE)
                .header("Content-Type", CONTENT_TYPE)
                .method(method, publisher(body));
        options.security().authorization().ifPresent(value -> request.header("Authorization", value));
        HttpResponse<String> response = exchange(request.build());
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw RegistryErrors.refused(method, uri, status, response.body(), options.security().refusalHint(status));
        }
        if (status / 100 != 2) {
            throw RegistryErrors.fromResponse(method, uri, status, response.body(), subject);
        }
        try {
            return JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new RegistryServerException(method + " " + uri + " answered HTTP " + response.statusCode()
                    + " with a body that is not JSON: " + RegistryErrors.abbreviate(response.body()), uri,
                    response.statusCode(), 0);
        }
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        String call = request.method() + " " + request.uri();
        try {
            return http.send(request, BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new RegistryUnavailableException("Schema registry did not answer " + call + " in time ("
                    + e.getMessage() + ")", request.uri(), e);
        } catch (SSLException e) {
            throw new RegistryUnavailableException("TLS handshake with the schema registry failed for " + call
                    + " (check " + RegistrySecurity.SSL_PREFIX + "ssl.truststore.* / ssl.keystore.*): " + e,
                    request.uri(), e);
        } catch (IOException e) {
            throw new RegistryUnavailableException("Schema registry unreachable for " + call + ": " + e,
                    request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("Interrupted while calling " + call, request.uri(), e);
        }
    }

    private static BodyPublisher publisher(Map<String, String> body) {
        if (body == null) {
            return BodyPublishers.noBody();
        }
        try {
            return BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A map of strings always serializes to JSON", e);
        }
    }

    private static Map<String, String> schemaBody(Schema schema) {
        return Map.of("schema", schema.toString(), "schemaType", "AVRO");
    }

    private static Map<String, String> compatibilityBody(CompatibilityLevel level) {
        return Map.of("compatibility", level.name());
    }

    private RegisteredSchema registeredSchema(JsonNode body, String subject) {
        int id = requiredInt(body, "id", subject);
        Schema schema = schemasById.computeIfAbsent(id, ignored -> parseSchema(requiredText(body, "schema", subject)));
        return new RegisteredSchema(body.path("subject").asText(subject), requiredInt(body, "version", subject), id,
                schema);
    }

    private CompatibilityLevel compatibilityLevel(JsonNode body, String subject) {
        // GET answers {"compatibilityLevel": ...}, PUT echoes {"compatibility": ...}; accept both.
        JsonNode level = body.has("compatibilityLevel") ? body.get("compatibilityLevel") : body.get("compatibility");
        if (level == null || !level.isTextual()) {
            throw malformed("compatibilityLevel", body, subject);
        }
        try {
            return CompatibilityLevel.valueOf(level.asText());
        } catch (IllegalArgumentException unknownLevel) {
            throw malformed("compatibilityLevel", body, subject);
        }
    }

    private int requiredInt(JsonNode body, String field, String subject) {
        JsonNode value = body.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw malformed(field, body, subject);
        }
        return value.intValue();
    }

    private String requiredText(JsonNode body, String field, String subject) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual()) {
            throw malformed(field, body, subject);
        }
        return value.asText();
    }

    private RegistryServerException malformed(String field, JsonNode body, String subject) {
        return new RegistryServerException("Schema registry response lacks a valid '" + field + "'"
                + (subject == null ? "" : " for subject '" + subject + "'") + ": "
                + RegistryErrors.abbreviate(body.toString()), options.baseUrl(), 200, 0);
    }

    private static Schema parseSchema(String text) {
        // A fresh parser each time: a parser remembers named types and rejects their redefinition.
        return new Schema.Parser().parse(text);
    }

    private static String subjectPath(String subject) {
        return "/subjects/" + encode(subject);
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
