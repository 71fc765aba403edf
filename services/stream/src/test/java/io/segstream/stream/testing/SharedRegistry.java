package io.segstream.stream.testing;

import io.segstream.platform.registry.InMemorySchemaRegistryClient;

/**
 * The schema registry of the topology and processor tests: the in-memory registry behind the same
 * {@code SchemaRegistryClient} interface as the HTTP client, so the serdes run their production code (wire format,
 * schema ids, compatibility) without a registry process. Only {@code *IT} classes start Apicurio.
 */
public final class SharedRegistry {

    private static final String NAME = "stream-tests";

    private SharedRegistry() {
    }

    /** The URL of the shared in-memory registry ({@code mem://stream-tests}). */
    public static String url() {
        return InMemorySchemaRegistryClient.named(NAME).options().baseUrl().toString();
    }
}
