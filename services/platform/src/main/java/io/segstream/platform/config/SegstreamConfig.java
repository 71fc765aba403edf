package io.segstream.platform.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

import io.segstream.platform.registry.RegistryClientOptions;
import io.segstream.platform.topics.SegstreamTopics;
import io.segstream.platform.topics.TopicSpec;

/**
 * Settings of a segstream deployment. Precedence, highest first: explicit overrides (command-line options), the
 * properties file, the defaults below. Keys that are not segstream's own are passed to the Kafka clients unchanged.
 */
public final class SegstreamConfig {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String REGISTRY_URL = "schema.registry.url";
    /** Kafka's config providers ({@code file}, {@code directory}, {@code env}): secrets stay out of the file. */
    public static final String CONFIG_PROVIDERS = "config.providers";
    public static final String APPLICATION_ID = "application.id";
    public static final String PARTITIONS = "segstream.partitions";
    public static final String TOPIC_PREFIX = "segstream.topic.";
    /** Time retention of the invoice topics segstream creates: a duration, or {@value #FOREVER} for history replays. */
    public static final String INVOICES_RETENTION = "segstream.invoices.retention";
    /** Time retention of the dead-letter topic, whose records hold the original bytes. */
    public static final String DEAD_LETTERS_RETENTION = "segstream.dead-letters.retention";
    /** The retention value that keeps records of any age. */
    public static final String FOREVER = "forever";
    public static final String RETURNS_POLICY = "segstream.returns.policy";
    public static final String API_HOST = "segstream.api.host";
    public static final String API_PORT = "segstream.api.port";
    public static final String METRICS_PORT = "segstream.metrics.port";
    public static final String METRICS_HOST = "segstream.metrics.host";
    public static final String STATE_DIR = "state.dir";
    public static final String PROCESSING_GUARANTEE = "processing.guarantee";
    public static final String STANDBY_REPLICAS = "num.standby.replicas";
    /**
     * Kafka Streams' own key for the replicas of its internal topics (changelogs, repartition topics); segstream
     * creates its own topics with the same number. Absent or {@code -1}: the broker's {@code default.replication.factor}.
     */
    public static final String REPLICATION_FACTOR = "replication.factor";
    /**
     * Kafka Streams' key ({@code topic.} prefix) for the {@code min.insync.replicas} of its internal topics; segstream
     * creates its own topics with the same value. Absent: the broker's {@code min.insync.replicas}.
     */
    public static final String MIN_INSYNC_REPLICAS = "topic.min.insync.replicas";
    public static final String MODEL_NAME = "segstream.model.name";
    public static final String RESCORE_CHUNK = "segstream.rescore.chunk";
    public static final String AGING_CHECKPOINTS = "segstream.aging.checkpoints";

    private static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry(MODEL_NAME, "rfm"),
            Map.entry(RESCORE_CHUNK, "5000"),
            Map.entry(APPLICATION_ID, "segstream"),
            Map.entry(PARTITIONS, "4"),
            Map.entry(INVOICES_RETENTION, "7d"),
            Map.entry(DEAD_LETTERS_RETENTION, "30d"),
            Map.entry(RETURNS_POLICY, "SUBTRACT"),
            Map.entry(API_HOST, "127.0.0.1"),
            Map.entry(API_PORT, "7070"),
            Map.entry(METRICS_PORT, "7071"),
            Map.entry(METRICS_HOST, "127.0.0.1"),
            Map.entry(PROCESSING_GUARANTEE, "exactly_once_v2"),
            Map.entry(STANDBY_REPLICAS, "0"));

    private final Properties props;

    private SegstreamConfig(Properties props) {
        this.props = props;
    }

    /**
     * Reads {@code file} when given, then applies {@code overrides}, then fills the defaults.
     *
     * @throws IllegalArgumentException naming the file when it does not exist or cannot be read
     */
    public static SegstreamConfig load(Optional<Path> file, Map<String, String> overrides) {
        Properties props = new Properties();
        file.ifPresent(path -> readInto(path, props));
        props.putAll(overrides);
        DEFAULTS.forEach(props::putIfAbsent);
        return new SegstreamConfig(props);
    }

    /** The defaults every command shares; a service's own defaults come on top through {@link #withDefaults}. */
    public static Map<String, String> defaults() {
        return DEFAULTS;
    }

    /**
     * This config with {@code serviceDefaults} filled in where neither the file nor an override set the key: a
     * service's own defaults (the stream's are {@code StreamDefaults}), kept in one table beside this one.
     *
     * @throws IllegalArgumentException when a key is defaulted here already: each default is written once
     */
    public SegstreamConfig withDefaults(Map<String, String> serviceDefaults) {
        Properties merged = new Properties();
        merged.putAll(props);
        serviceDefaults.forEach((key, value) -> {
            if (DEFAULTS.containsKey(key)) {
                throw new IllegalArgumentException("'" + key + "' has a default in SegstreamConfig already");
            }
            merged.putIfAbsent(key, value);
        });
        return new SegstreamConfig(merged);
    }

    private static void readInto(Path path, Properties props) {
        try (Reader reader = Files.newBufferedReader(path)) {
            props.load(reader);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("Config file not found: " + path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read config file " + path, e);
        }
    }

    /** The value of {@code key}, if set. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(props.getProperty(key));
    }

    /** The settings whose keys start with {@code prefix}, each keyed by the rest of its key, in key order. */
    public SortedMap<String, String> under(String prefix) {
        SortedMap<String, String> found = new TreeMap<>();
        props.stringPropertyNames().stream().filter(key -> key.startsWith(prefix))
                .forEach(key -> found.put(key.substring(prefix.length()), props.getProperty(key)));
        return found;
    }

    /** The value of {@code key}; fails with a message naming the key when it is missing. */
    public String require(String key) {
        return get(key).orElseThrow(() -> new IllegalArgumentException("Missing setting '" + key + "'"));
    }

    /** The integer value of {@code key}; fails with a message naming the key and value when it is not an integer. */
    public int getInt(String key) {
        String value = require(key);
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Setting '" + key + "' must be an integer, got '" + value + "'");
        }
    }

    /** The integer value of {@code key}, at least {@code min}; fails naming the key and value otherwise. */
    public int getInt(String key, int min) {
        int value = getInt(key);
        if (value < min) {
            throw new IllegalArgumentException("Setting '" + key + "' must be at least " + min + ", got '"
                    + require(key) + "'");
        }
        return value;
    }

    /** The long value of {@code key}, at least {@code min}; fails naming the key and value otherwise. */
    public long getLong(String key, long min) {
        String value = require(key);
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Setting '" + key + "' must be an integer, got '" + value + "'");
        }
        if (n < min) {
            throw new IllegalArgumentException("Setting '" + key + "' must be at least " + min + ", got '"
                    + value + "'");
        }
        return n;
    }

    /** The duration value of {@code key} ({@link Durations} syntax); fails naming the key and value otherwise. */
    public Duration getDuration(String key) {
        String value = require(key);
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Setting '" + key + "': " + e.getMessage());
        }
    }

    /**
     * The replicas per partition of the topics segstream creates, from {@value #REPLICATION_FACTOR}; empty for the
     * broker's default. Fails naming the key when the value is not -1 or a positive number.
     */
    public Optional<Short> replicationFactor() {
        if (get(REPLICATION_FACTOR).isEmpty()) {
            return Optional.empty();
        }
        int replicas = getInt(REPLICATION_FACTOR);
        if (replicas == -1) {
            return Optional.empty();
        }
        if (replicas < 1 || replicas > Short.MAX_VALUE) {
            throw new IllegalArgumentException("Setting '" + REPLICATION_FACTOR + "' must be -1 (broker default) or a "
                    + "positive number of replicas, got '" + require(REPLICATION_FACTOR) + "'");
        }
        return Optional.of((short) replicas);
    }

    /**
     * Topic-level configs that every topic segstream creates gets besides its own: {@code min.insync.replicas} from
     * {@value #MIN_INSYNC_REPLICAS}, the value Kafka Streams gives its internal topics.
     */
    public Map<String, String> replicationConfigs() {
        if (get(MIN_INSYNC_REPLICAS).isEmpty()) {
            return Map.of();
        }
        return Map.of("min.insync.replicas", String.valueOf(getInt(MIN_INSYNC_REPLICAS, 1)));
    }

    /** A copy of this configuration with {@code key} set to {@code value}. */
    public SegstreamConfig with(String key, String value) {
        Properties copy = new Properties();
        copy.putAll(props);
        copy.setProperty(key, value);
        return new SegstreamConfig(copy);
    }

    /** The topic names, each overridable by {@code segstream.topic.<default name>=<name>}. */
    public SegstreamTopics topics() {
        SegstreamTopics defaults = SegstreamTopics.defaults(getInt(PARTITIONS), retention(INVOICES_RETENTION),
                retention(DEAD_LETTERS_RETENTION));
        return new SegstreamTopics(rename(defaults.invoices()), rename(defaults.invoicesJson()),
                rename(defaults.features()), rename(defaults.models()), rename(defaults.changes()),
                rename(defaults.segments()), rename(defaults.deadLetters()), rename(defaults.erasures()));
    }

    private TopicSpec rename(TopicSpec spec) {
        return spec.withName(get(TOPIC_PREFIX + spec.name()).orElse(spec.name()));
    }

    /** A retention setting in milliseconds: {@value #FOREVER} is {@link TopicSpec#FOREVER}, else a positive duration. */
    private long retention(String key) {
        String value = require(key).trim();
        if (value.equalsIgnoreCase(FOREVER) || value.equals("-1")) {
            return TopicSpec.FOREVER;
        }
        Duration duration = getDuration(key);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("Setting '" + key + "' must be a positive duration or '" + FOREVER
                    + "', got '" + value + "'");
        }
        return duration.toMillis();
    }

    /**
     * How to reach the schema registry: {@value #REGISTRY_URL} with Confluent's credential and
     * {@code schema.registry.ssl.*} keys, {@code ${provider:path:key}} references resolved by {@value #CONFIG_PROVIDERS}.
     *
     * @throws IllegalArgumentException naming the key when the URL is missing or a registry setting is wrong
     */
    public RegistryClientOptions registryOptions() {
        return RegistryClientOptions.fromConfig(resolved());
    }

    /**
     * Every setting with {@code ${provider:path:key}} references resolved by {@value #CONFIG_PROVIDERS}: Kafka
     * resolves the references of its own clients, the registry client and segstream's servers are ours.
     */
    public Map<String, Object> resolved() {
        Map<String, Object> settings = new java.util.HashMap<>();
        props.stringPropertyNames().forEach(key -> settings.put(key, props.getProperty(key)));
        return settings.containsKey(CONFIG_PROVIDERS)
                ? new AbstractConfig(new ConfigDef(), settings, false).originals() : settings;
    }

    /** Every setting that is not segstream's own, for the Kafka clients. */
    public Properties kafkaProperties() {
        Properties kafka = new Properties();
        props.stringPropertyNames().stream()
                .filter(key -> !key.startsWith("segstream."))
                .filter(key -> !key.equals(REGISTRY_URL))
                .forEach(key -> kafka.setProperty(key, props.getProperty(key)));
        return kafka;
    }
}
