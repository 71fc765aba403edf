package io.segstream.platform.registry;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * A schema registry held in this JVM, one per name ({@code mem://NAME}), with the Confluent API's semantics that
 * the serdes rely on: one id per distinct schema across subjects, versions per subject, "already registered"
 * answered with the existing id, and BACKWARD / FORWARD / FULL (and their transitive forms) checked with Avro's own
 * {@link SchemaCompatibility}. For tests and tools that must not start a registry process; written by hand because
 * Confluent's mock client is not on Maven Central.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

    private static final Map<String, State> REGISTRIES = new ConcurrentHashMap<>();

    private final RegistryClientOptions options;
    private final State state;

    private InMemorySchemaRegistryClient(RegistryClientOptions options, State state) {
        this.options = options;
        this.state = state;
    }

    /** The registry named by {@code options}' URL host ({@code mem://NAME}), created empty on first use. */
    static InMemorySchemaRegistryClient named(RegistryClientOptions options) {
        String name = options.baseUrl().getHost() != null ? options.baseUrl().getHost()
                : options.baseUrl().getSchemeSpecificPart();
        return new InMemorySchemaRegistryClient(options, REGISTRIES.computeIfAbsent(name, n -> new State()));
    }

    /** A client of the in-memory registry {@code name}. */
    public static InMemorySchemaRegistryClient named(String name) {
        return named(RegistryClientOptions.of(IN_MEMORY_SCHEME + "://" + name));
    }

    /**
     * Takes the registry {@code name} down or brings it back, as a registry process that stops and restarts: while
     * down, every call of every client throws {@link RegistryUnavailableException}; the schemas are kept. For
     * outage tests.
     */
    public static void setAvailable(String name, boolean available) {
        REGISTRIES.computeIfAbsent(name, n -> new State()).down = !available;
    }

    /** Forgets every schema of the registry {@code name}. */
    public static void reset(String name) {
        REGISTRIES.remove(name);
    }

    private static final class State {
        final Map<String, Integer> idsBySchema = new HashMap<>();
        final Map<Integer, Schema> schemasById = new HashMap<>();
        final Map<String, List<Integer>> versionsBySubject = new TreeMap<>();
        final Map<String, CompatibilityLevel> levels = new HashMap<>();
        CompatibilityLevel global = CompatibilityLevel.BACKWARD;
        volatile boolean down;
    }

    @Override
    public RegistryClientOptions options() {
        return options;
    }

    @Override
    public int register(String subject, Schema schema) {
        up();
        synchronized (state) {
            List<Integer> versions = state.versionsBySubject.getOrDefault(subject, List.of());
            Integer existing = state.idsBySchema.get(schema.toString());
            if (existing != null && versions.contains(existing)) {
                return existing;
            }
            if (!compatible(subject, schema, versions)) {
                throw new IncompatibleSchemaException("Schema being registered is incompatible with an earlier "
                        + "schema for subject \"" + subject + "\" (" + level(subject) + ")", uri(subject), 409,
                        409, subject);
            }
            int id = existing != null ? existing : state.schemasById.size() + 1;
            state.idsBySchema.put(schema.toString(), id);
            state.schemasById.put(id, schema);
            state.versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(id);
            return id;
        }
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        up();
        synchronized (state) {
            List<Integer> versions = versions(subject);
            Integer id = state.idsBySchema.get(schema.toString());
            int index = id == null ? -1 : versions.indexOf(id);
            if (index < 0) {
                throw new SchemaNotFoundException("Schema not found under subject " + subject, uri(subject), 404,
                        40403);
            }
            return new RegisteredSchema(subject, index + 1, id, state.schemasById.get(id));
        }
    }

    @Override
    public RegisteredSchema latest(String subject) {
        up();
        synchronized (state) {
            List<Integer> versions = versions(subject);
            int id = versions.getLast();
            return new RegisteredSchema(subject, versions.size(), id, state.schemasById.get(id));
        }
    }

    @Override
    public Schema schemaById(int id) {
        up();
        synchronized (state) {
            Schema schema = state.schemasById.get(id);
            if (schema == null) {
                throw new SchemaNotFoundException("Schema " + id + " not found", uri(null), 404, 40403);
            }
            return schema;
        }
    }

    @Override
    public List<String> subjects() {
        up();
        synchronized (state) {
            return List.copyOf(state.versionsBySubject.keySet());
        }
    }

    @Override
    public boolean testCompatibility(String subject, Schema schema) {
        up();
        synchronized (state) {
            return compatible(subject, schema, state.versionsBySubject.getOrDefault(subject, List.of()));
        }
    }

    @Override
    public CompatibilityLevel globalCompatibility() {
        up();
        synchronized (state) {
            return state.global;
        }
    }

    @Override
    public void setGlobalCompatibility(CompatibilityLevel level) {
        up();
        synchronized (state) {
            state.global = level;
        }
    }

    @Override
    public CompatibilityLevel compatibility(String subject) {
        up();
        synchronized (state) {
            return level(subject);
        }
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        up();
        synchronized (state) {
            state.levels.put(subject, level);
        }
    }

    @Override
    public void close() {
        // Nothing to release: the registry outlives its clients, like a registry process.
    }

    private void up() {
        if (state.down) {
            throw new RegistryUnavailableException("in-memory registry " + options.baseUrl() + " is down",
                    options.baseUrl(), null);
        }
    }

    private List<Integer> versions(String subject) {
        List<Integer> versions = state.versionsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw new SchemaNotFoundException("Subject '" + subject + "' not found", uri(subject), 404, 40401);
        }
        return versions;
    }

    private CompatibilityLevel level(String subject) {
        return state.levels.getOrDefault(subject, state.global);
    }

    /** Whether {@code schema} may follow the subject's versions under its level. */
    private boolean compatible(String subject, Schema schema, List<Integer> versions) {
        if (versions.isEmpty()) {
            return true;
        }
        CompatibilityLevel level = level(subject);
        boolean transitive = level.name().endsWith("_TRANSITIVE");
        List<Integer> against = transitive ? versions : List.of(versions.getLast());
        for (int id : against) {
            Schema old = state.schemasById.get(id);
            boolean backward = readable(schema, old);
            boolean forward = readable(old, schema);
            boolean ok = switch (level) {
                case NONE -> true;
                case BACKWARD, BACKWARD_TRANSITIVE -> backward;
                case FORWARD, FORWARD_TRANSITIVE -> forward;
                case FULL, FULL_TRANSITIVE -> backward && forward;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean readable(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
                == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
    }

    private URI uri(String subject) {
        return URI.create(options.baseUrl() + (subject == null ? "" : "/subjects/" + subject));
    }
}
