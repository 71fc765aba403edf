package io.segstream.platform.serde;

import java.util.Map;
import java.util.Objects;

import io.segstream.platform.registry.RegistryClientOptions;

/**
 * How an Avro serde talks to the registry.
 *
 * @param registry where the registry is, its timeouts and credentials
 * @param autoRegister whether the serializer registers a record's schema; when {@code false} it only looks up the id
 *     of a schema registered beforehand (e.g. by a deployment pipeline), so producers cannot evolve a subject
 * @param isKey whether the serde handles record keys, which selects the {@code <topic>-key} subject
 */
public record AvroSerdeConfig(RegistryClientOptions registry, boolean autoRegister, boolean isKey) {

    /** Registry URL; the same key as Confluent's serdes so existing configs carry over. */
    public static final String REGISTRY_URL = RegistryClientOptions.REGISTRY_URL;
    /** Default {@code true}. */
    public static final String AUTO_REGISTER = "auto.register.schemas";
    /** Milliseconds; default {@link RegistryClientOptions#DEFAULT_CONNECT_TIMEOUT}. */
    public static final String CONNECT_TIMEOUT_MS = RegistryClientOptions.CONNECT_TIMEOUT_MS;
    /** Milliseconds; default {@link RegistryClientOptions#DEFAULT_REQUEST_TIMEOUT}. */
    public static final String REQUEST_TIMEOUT_MS = RegistryClientOptions.REQUEST_TIMEOUT_MS;

    public AvroSerdeConfig {
        Objects.requireNonNull(registry, "registry");
    }

    /** A value serde that auto-registers, with default timeouts. */
    public static AvroSerdeConfig forValues(String registryUrl) {
        return new AvroSerdeConfig(RegistryClientOptions.of(registryUrl), true, false);
    }

    /** A value serde that auto-registers, talking to the registry as {@code registry} says. */
    public static AvroSerdeConfig forValues(RegistryClientOptions registry) {
        return new AvroSerdeConfig(registry, true, false);
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
        RegistryClientOptions registry;
        try {
            registry = RegistryClientOptions.fromConfig(configs);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Avro serde config: " + e.getMessage(), e);
        }
        return new AvroSerdeConfig(registry, bool(configs, AUTO_REGISTER, true), isKey);
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
