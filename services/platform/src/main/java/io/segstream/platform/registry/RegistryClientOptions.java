package io.segstream.platform.registry;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the schema registry is and how long to wait for it.
 *
 * @param baseUrl the Confluent-compatible API root, e.g. {@code http://localhost:8081} or, for Apicurio,
 *     {@code http://localhost:8080/apis/ccompat/v7}; a trailing slash is dropped. {@code mem://NAME} is a registry
 *     held in this JVM (one per name), for tests without a registry process
 * @param connectTimeout how long to wait for a TCP connection
 * @param requestTimeout how long to wait for each response once connected
 */
public record RegistryClientOptions(URI baseUrl, Duration connectTimeout, Duration requestTimeout) {

    /** Short enough that a stream thread notices a dead registry quickly, long enough for a busy one to answer. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

    public RegistryClientOptions {
        Objects.requireNonNull(baseUrl, "baseUrl");
        String scheme = baseUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) && !SchemaRegistryClient.IN_MEMORY_SCHEME.equals(scheme)) {
            throw new IllegalArgumentException("Schema registry URL must be http or https (or mem:// for an "
                    + "in-memory registry): " + baseUrl);
        }
        baseUrl = URI.create(baseUrl.toString().replaceAll("/+$", ""));
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(requestTimeout, "requestTimeout");
    }

    /** Options for {@code baseUrl} with the default timeouts. */
    public static RegistryClientOptions of(String baseUrl) {
        return new RegistryClientOptions(URI.create(baseUrl), DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    /** Returns these options with both timeouts replaced. */
    public RegistryClientOptions withTimeouts(Duration connect, Duration request) {
        return new RegistryClientOptions(baseUrl, connect, request);
    }

    private static void requirePositive(Duration timeout, String name) {
        Objects.requireNonNull(timeout, name);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + timeout);
        }
    }
}
