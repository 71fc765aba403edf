package io.segstream.platform.serde;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import io.segstream.platform.registry.RegistryClientOptions;

/**
 * How an Avro serde talks to the registry.
 *
 * @param registry where the registry is and its timeouts
 * @param autoRegister whether the serializer registers a record's schema; when {@code false} it only looks up the id
 *     of a schema registered beforehand (e.g. by a deployment pipeline), so producers cannot evolve a subject
 * @param isKey whether the serde handles record keys, which selects the {@code <topic>-key} subject
 */
public record AvroSerdeConfig(RegistryClientOptions registry, boolean autoRegister, boolean isKey) {

    /** Registry URL; the same key as Confluent's serdes so existing configs carry over. */
    public static final String REGISTRY_URL = "schema.registry.url";
    /** Default {@code true}. */
    public static final String AUTO_REGISTER = "auto.register.schemas";
    /** Milliseconds; default {@link RegistryClientOptions#DEFAULT_CONNECT_TIMEOUT}. */
    public static final String CONNECT_TIMEOUT_MS = "schema.registry.connect.timeout.ms";
    /** Milliseconds; default {@link RegistryClientOptions#DEFAULT_REQUEST_TIMEOUT}. */
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";

    public AvroSerdeConfig {
        Objects.requireNonNull(registry, "registry");
    }

    /** A value serde that auto-registers, with default timeouts. */
    public static AvroSerdeConfig forValues(String registryUrl) {
        return new AvroSerdeConfig(RegistryClientOptions.of(registryUrl), true, false);
    }

    /**
     * Reads the config from Kafka client properties, as {@code Serde.configure} receives them. Values may be strings
     * or already typed.
     *
     * @throws IllegalArgumentException if {@link #REGISTRY_URL} is missing or a value does not parse
     */
    public static AvroSerdeConfig fromMap(Map<String, ?> configs, boolean isKey) {
        Object url = configs.get(REGISTRY_URL);
        if (url == null || url.toString().isBlank()) {
            throw new IllegalArgumentException("Missing Avro serde config '" + REGISTRY_URL + "'");
        }
        RegistryClientOptions registry = RegistryClientOptions.of(url.toString()).withTimeouts(
                millis(configs, CONNECT_TIMEOUT_MS, RegistryClientOptions.DEFAULT_CONNECT_TIMEOUT),
                millis(configs, REQUEST_TIMEOUT_MS, RegistryClientOptions.DEFAULT_REQUEST_TIMEOUT));
        return new AvroSerdeConfig(registry, bool(configs, AUTO_REGISTER, true), isKey);
    }

    private static Duration millis(Map<String, ?> configs, String key, Duration fallback) {
        Object value = configs.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Duration.ofMillis(Long.parseLong(value.toString().strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Avro serde config '" + key + "' must be milliseconds, got '" + value
                    + "'", e);
        }
    }

    private static boolean bool(Map<String, ?> configs, String key, boolean fallback) {
        Object value = configs.get(key);
        if (value == null) {
            return fallback;
        }
        String text = value.toString().strip();
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("Avro serde config '" + key + "' must be true or false, got '"
                    + value + "'");
        }
        return Boolean.parseBoolean(text);
    }
}
