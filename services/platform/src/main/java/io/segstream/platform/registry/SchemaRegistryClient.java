package io.segstream.platform.registry;

import java.util.List;

import org.apache.avro.Schema;

/**
 * A client of a Confluent-compatible schema registry: what the serdes and tools need of it. {@link #create} picks
 * the implementation from the URL: {@link HttpSchemaRegistryClient} for {@code http(s)://} (any Confluent-compatible
 * registry, Apicurio's {@code ccompat} API included), {@link InMemorySchemaRegistryClient} for {@code mem://NAME}, a
 * registry held in this JVM that unit tests use instead of a registry process. Implementations are thread-safe.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /** The URL scheme of in-memory registries. */
    String IN_MEMORY_SCHEME = "mem";

    /** A client for {@code options}' URL: HTTP, or the in-memory registry of that name. */
    static SchemaRegistryClient create(RegistryClientOptions options) {
        return IN_MEMORY_SCHEME.equals(options.baseUrl().getScheme())
                ? InMemorySchemaRegistryClient.named(options) : new HttpSchemaRegistryClient(options);
    }

    /** The options this client was built with. */
    RegistryClientOptions options();

    /**
     * Registers {@code schema} under {@code subject}, or finds it if an equal schema is already there.
     *
     * @return the schema id
     * @throws IncompatibleSchemaException if the schema breaks the subject's compatibility level
     */
    int register(String subject, Schema schema);

    /**
     * Finds {@code schema} among the versions of {@code subject} without registering it.
     *
     * @throws SchemaNotFoundException if the subject does not exist or does not hold the schema
     */
    RegisteredSchema lookup(String subject, Schema schema);

    /**
     * Returns the latest version under {@code subject}.
     *
     * @throws SchemaNotFoundException if the subject does not exist
     */
    RegisteredSchema latest(String subject);

    /**
     * Returns the schema with registry id {@code id}.
     *
     * @throws SchemaNotFoundException if no schema has that id
     */
    Schema schemaById(int id);

    /** Lists all subjects. */
    List<String> subjects();

    /** Asks whether {@code schema} could be registered as the next version of {@code subject}. */
    boolean testCompatibility(String subject, Schema schema);

    /** Returns the global compatibility level, used by subjects without their own. */
    CompatibilityLevel globalCompatibility();

    /** Sets the global compatibility level. */
    void setGlobalCompatibility(CompatibilityLevel level);

    /** Returns the level that applies to {@code subject}: its own, or the global one when it has none. */
    CompatibilityLevel compatibility(String subject);

    /** Sets the compatibility level of {@code subject}, overriding the global one. */
    void setCompatibility(String subject, CompatibilityLevel level);

    @Override
    void close();
}
