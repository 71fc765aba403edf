package io.segstream.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.segstream.platform.config.SegstreamConfig;
import io.segstream.platform.topics.TopicSpec;
import io.segstream.platform.topics.Topics;

/**
 * A real Kafka broker and a real schema registry on loopback, started together for the demo and the integration
 * tests. Closing stops the registry first, then the broker.
 */
public final class EmbeddedStack implements AutoCloseable {

    private final EmbeddedKafka kafka;
    private final ApicurioRegistry registry;

    private EmbeddedStack(EmbeddedKafka kafka, ApicurioRegistry registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    /**
     * Starts a single broker and the registry (found by the {@value ApicurioRegistry#HOME_PROPERTY} system property),
     * keeping their files under {@code workDir}.
     */
    public static EmbeddedStack start(Path workDir) {
        return start(workDir, 1);
    }

    /**
     * Starts a cluster of {@code brokers} Kafka nodes (see {@link EmbeddedKafka} for its replication) and the
     * registry, keeping their files under {@code workDir}.
     */
    public static EmbeddedStack start(Path workDir, int brokers) {
        return start(workDir, brokers, Map.of());
    }

    /**
     * Starts a cluster of {@code brokers} Kafka nodes with {@code brokerOverrides} on top of their settings (for
     * example a shorter {@code log.retention.check.interval.ms} in a retention test), and the registry.
     */
    public static EmbeddedStack start(Path workDir, int brokers, Map<String, String> brokerOverrides) {
        Map<String, String> broker = new java.util.HashMap<>(KafkaSecurity.PLAINTEXT.broker());
        broker.putAll(brokerOverrides);
        return start(workDir, brokers, new KafkaSecurity("PLAINTEXT", broker, Map.of(), List.of()));
    }

    /**
     * Starts a cluster of {@code brokers} Kafka nodes whose listener is secured as {@code security} says, and the
     * registry; {@link #configure} adds the client settings the cluster needs.
     */
    public static EmbeddedStack start(Path workDir, int brokers, KafkaSecurity security) {
        Path home = ApicurioRegistry.homeFromSystemProperty();
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + workDir, e);
        }
        // The registry is a child process: start it first so its JVM warms up while the broker starts in ours.
        ApicurioRegistry registry = ApicurioRegistry.start(home, workDir.resolve("registry"));
        try {
            EmbeddedKafka kafka = EmbeddedKafka.start(workDir.resolve("kafka"), true, brokers, security);
            return new EmbeddedStack(kafka, registry);
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    /** Starts the stack, with one Kafka node, in a fresh temporary directory. */
    public static EmbeddedStack start() {
        return start(1);
    }

    /** Starts the stack, with a cluster of {@code brokers} Kafka nodes, in a fresh temporary directory. */
    public static EmbeddedStack start(int brokers) {
        try {
            return start(Files.createTempDirectory("segstream-stack-"), brokers);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory for the embedded stack", e);
        }
    }

    /** The broker's {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The Kafka cluster, e.g. to stop and start a broker in a fault test. */
    public EmbeddedKafka kafka() {
        return kafka;
    }

    /** The registry, e.g. to stop and start it again in a fault test. */
    public ApicurioRegistry registry() {
        return registry;
    }

    /** The registry's Confluent-compatible API base URL. */
    public String registryUrl() {
        return registry.ccompatUrl();
    }

    /** The registry's log file. */
    public Path registryLog() {
        return registry.logFile();
    }

    /**
     * {@code config} pointed at this stack (its own broker with the client security it needs, registry and
     * replication settings win: three replicas and
     * two in sync on three brokers or more, one per broker below). The embedded stack replays history (Online Retail
     * is from 2011), so its invoice topics keep records of any age.
     */
    public SegstreamConfig configure(SegstreamConfig config) {
        for (Map.Entry<String, String> setting : kafka.clientSecurity().entrySet()) {
            config = config.with(setting.getKey(), setting.getValue());
        }
        return config.with(SegstreamConfig.BOOTSTRAP_SERVERS, bootstrapServers())
                .with(SegstreamConfig.REGISTRY_URL, registryUrl())
                .with(SegstreamConfig.INVOICES_RETENTION, SegstreamConfig.FOREVER)
                .with(SegstreamConfig.REPLICATION_FACTOR, String.valueOf(kafka.replicationFactor()))
                .with(SegstreamConfig.MIN_INSYNC_REPLICAS, String.valueOf(kafka.minInsyncReplicas()));
    }

    /** Creates the given topics with this stack's replication. */
    public void createTopics(List<TopicSpec> topics) {
        try {
            Topics.ensure(configure(SegstreamConfig.load(Optional.empty(), Map.of())), topics);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        }
    }

    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            kafka.close();
        }
    }
}
