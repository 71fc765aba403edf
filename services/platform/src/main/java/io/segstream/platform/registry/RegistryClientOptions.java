package io.segstream.platform.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where the schema registry is, how long to wait for it and how to authenticate to it.
 *
 * @param baseUrl the Confluent-compatible API root, e.g. {@code http://localhost:8081} or, for Apicurio,
 *     {@code http://localhost:8080/apis/ccompat/v7}; a trailing slash and any user info are dropped (user info is
 *     a credentials source, see {@link RegistrySecurity}, and must not reach logs). {@code mem://NAME} is a
 *     registry held in this JVM (one per name), for tests without a registry process
 * @param connectTimeout how long to wait for a TCP connection
 * @param requestTimeout how long to wait for each response once connected
 * @param security credentials and TLS settings
 */
public record RegistryClientOptions(URI baseUrl, Duration connectTimeout, Duration requestTimeout,
                                    RegistrySecurity security) {

    /** Short enough that a stream thread notices a dead registry quickly, long enough for a busy one to answer. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

    /** Registry URL; the same key as Confluent's clients. Confluent's list of URLs is taken; the first is used. */
    public static final String REGISTRY_URL = "schema.registry.url";
    /** Milliseconds; default {@link #DEFAULT_CONNECT_TIMEOUT}. */
    public static final String CONNECT_TIMEOUT_MS = "schema.registry.connect.timeout.ms";
    /** Milliseconds; default {@link #DEFAULT_REQUEST_TIMEOUT}. */
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";

    public RegistryClientOptions {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(security, "security");
        String scheme = baseUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) && !SchemaRegistryClient.IN_MEMORY_SCHEME.equals(scheme)) {
            throw new IllegalArgumentException("Schema registry URL must be http or https (or mem:// for an "
                    + "in-memory registry): " + withoutUserInfo(baseUrl));
        }
        baseUrl = URI.create(withoutUserInfo(baseUrl).toString().replaceAll("/+$", ""));
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(requestTimeout, "requestTimeout");
    }

    /** Options without credentials and with the JDK's trusted certificates. */
    public RegistryClientOptions(URI baseUrl, Duration connectTimeout, Duration requestTimeout) {
        this(baseUrl, connectTimeout, requestTimeout, RegistrySecurity.NONE);
    }

    /** Options for {@code baseUrl} with the default timeouts; user info in the URL becomes basic credentials. */
    public static RegistryClientOptions of(String baseUrl) {
        return fromConfig(Map.of(REGISTRY_URL, baseUrl));
    }

    /**
     * Reads the options from client settings with Confluent's keys: {@value #REGISTRY_URL}, the timeouts and
     * everything {@link RegistrySecurity} reads. Values may be strings or already typed.
     *
     * @throws IllegalArgumentException naming the key when one is missing or does not parse
     */
    public static RegistryClientOptions fromConfig(Map<String, ?> configs) {
        Object value = configs.get(REGISTRY_URL);
        if (value == null || value.toString().isBlank()) {
            throw new IllegalArgumentException("Missing setting '" + REGISTRY_URL + "'");
        }
        URI url;
        try {
            url = new URI(value.toString().split(",")[0].strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Setting '" + REGISTRY_URL + "' is not a URL: " + e.getMessage());
        }
        return new RegistryClientOptions(url, millis(configs, CONNECT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT),
                millis(configs, REQUEST_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT), RegistrySecurity.from(configs, url));
    }

    /** Returns these options with both timeouts replaced. */
    public RegistryClientOptions withTimeouts(Duration connect, Duration request) {
        return new RegistryClientOptions(baseUrl, connect, request, security);
    }

    private static URI withoutUserInfo(URI url) {
        if (url.getRawUserInfo() == null) {
            return url;
        }
        try {
            return new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), url.getQuery(),
                    url.getFragment());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Schema registry URL without its user info is not a URL", e);
        }
    }

    private static Duration millis(Map<String, ?> configs, String key, Duration fallback) {
        Object value = configs.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Duration.ofMillis(Long.parseLong(value.toString().strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Setting '" + key + "' must be milliseconds, got '" + value + "'", e);
        }
    }

    private static void requirePositive(Duration timeout, String name) {
        Objects.requireNonNull(timeout, name);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + timeout);
        }
    }
}
