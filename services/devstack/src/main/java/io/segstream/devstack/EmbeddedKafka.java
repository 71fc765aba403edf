package io.segstream.devstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import io.segstream.platform.net.FreePorts;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka broker (combined broker and controller) running inside this JVM on free loopback
 * ports. Used by the demo and the integration tests; production deployments point {@code bootstrap.servers} at any
 * cluster instead.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int START_ATTEMPTS = 3;

    private final Path logDir;
    private final boolean deleteOnClose;
    private final String bootstrapServers;
    private final Properties props;
    private final Map<String, String> clientSecurity;
    private KafkaRaftServer server;
    private boolean running = true;

    private EmbeddedKafka(KafkaRaftServer server, Path logDir, boolean deleteOnClose, String bootstrapServers,
                          Properties props, Map<String, String> clientSecurity) {
        this.server = server;
        this.logDir = logDir;
        this.deleteOnClose = deleteOnClose;
        this.bootstrapServers = bootstrapServers;
        this.props = props;
        this.clientSecurity = clientSecurity;
    }

    /**
     * A broker whose only client listener is {@code SASL_PLAINTEXT} with the {@code PLAIN} mechanism and one user, as
     * in a secured cluster: a client without {@link #clientSecurity()} cannot talk to it. Its log lives in a temporary
     * directory deleted on {@link #close()}.
     */
    public static EmbeddedKafka startSaslPlain(String user, String password) {
        String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
        // The broker talks to itself as the same user; user_NAME entries are the accounts it accepts.
        String brokerJaas = jaas.substring(0, jaas.length() - 1) + " user_" + user + "=\"" + password + "\";";
        Map<String, String> client = Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", jaas);
        try {
            return start(Files.createTempDirectory("segstream-kafka-sasl-"), true, Map.of(
                    "sasl.enabled.mechanisms", "PLAIN",
                    "sasl.mechanism.inter.broker.protocol", "PLAIN",
                    "listener.name.sasl_plaintext.plain.sasl.jaas.config", brokerJaas), "SASL_PLAINTEXT", client);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory for the embedded broker", e);
        }
    }

    /** The client settings this broker requires beyond {@code bootstrap.servers}: none, or its SASL settings. */
    public Map<String, String> clientSecurity() {
        return clientSecurity;
    }

    /** Starts a broker whose data lives in a temporary directory deleted on {@link #close()}. */
    public static EmbeddedKafka start() {
        try {
            return start(Files.createTempDirectory("segstream-kafka-"), true, Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory for the embedded broker", e);
        }
    }

    /**
     * Starts a broker storing its log in {@code logDir}.
     *
     * @param overrides broker properties that replace the single-node defaults
     */
    public static EmbeddedKafka start(Path logDir, boolean deleteOnClose, Map<String, String> overrides) {
        return start(logDir, deleteOnClose, overrides, "PLAINTEXT", Map.of());
    }

    private static EmbeddedKafka start(Path logDir, boolean deleteOnClose, Map<String, String> overrides,
                                       String listener, Map<String, String> clientSecurity) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int brokerPort = FreePorts.pick();
            int controllerPort = FreePorts.pick();
            Path dir = logDir.resolve("attempt-" + attempt);
            Properties props = brokerProperties(dir, listener, brokerPort, controllerPort, overrides);
            try {
                long started = System.nanoTime();
                format(dir, props);
                KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
                server.startup();
                String bootstrap = "127.0.0.1:" + brokerPort;
                EmbeddedKafka kafka = new EmbeddedKafka(server, logDir, deleteOnClose, bootstrap, props,
                        clientSecurity);
                kafka.awaitReady(Duration.ofSeconds(60));
                LOG.info("Embedded Kafka ready at {} in {} ms (log dir {})", bootstrap,
                        (System.nanoTime() - started) / 1_000_000, dir);
                return kafka;
            } catch (RuntimeException e) {
                // A port taken between pick() and bind() shows up here; retry with new ports.
                LOG.warn("Embedded Kafka failed to start on ports {}/{} (attempt {}): {}", brokerPort, controllerPort,
                        attempt, e.toString());
                last = e;
            }
        }
        throw new IllegalStateException("Embedded Kafka did not start after " + START_ATTEMPTS + " attempts", last);
    }

    /** @param listener the security protocol of the client and inter-broker listener, also its name */
    static Properties brokerProperties(Path dir, String listener, int brokerPort, int controllerPort,
                                       Map<String, String> overrides) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", listener + "://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", listener + "://127.0.0.1:" + brokerPort);
        p.put("listener.security.protocol.map", listener + ":" + listener + ",CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", listener);
        p.put("log.dirs", dir.toAbsolutePath().toString());
        // Single node: every internal topic has one replica and one partition, so nothing waits for peers.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        // Replays carry event times from the past: time-based retention would delete them as soon as a segment rolls.
        p.put("log.retention.ms", "-1");
        // The cleaner's default 128 MiB dedupe buffer lives on heap; 8 MiB compacts our topics fine.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        // The embedded broker shares the machine's cores with the stream threads of the same JVM (in a replay its
        // request handlers use about as much CPU as the stream thread), so it gets few threads; throughput figures
        // from an embedded run are a lower bound for a stream instance next to a real cluster.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.putAll(overrides);
        return p;
    }

    private static void format(Path dir, Properties props) {
        try {
            Files.createDirectories(dir);
            Path propsFile = dir.resolve("server.properties");
            try (var out = Files.newBufferedWriter(propsFile)) {
                props.store(out, "segstream embedded broker");
            }
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            int rc;
            try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
                rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
                    propsFile.toString()}, out);
            }
            if (rc != 0) {
                throw new IllegalStateException("Formatting the embedded broker's log dir failed: "
                        + buffer.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the embedded broker's log dir " + dir, e);
        }
    }

    private void awaitReady(Duration timeout) {
        Map<String, Object> settings = new HashMap<>(clientSecurity);
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (Admin admin = Admin.create(settings)) {
            admin.describeCluster().nodes().get();
        } catch (Exception e) {
            close();
            throw new IllegalStateException("Embedded Kafka at " + bootstrapServers + " did not answer within "
                    + timeout, e);
        }
    }

    /**
     * Stops the broker as a crash of its process would look to clients (connections drop, nothing is deleted); its
     * log stays for {@link #startAgain()}.
     */
    public synchronized void stop() {
        if (running) {
            server.shutdown();
            server.awaitShutdown();
            running = false;
        }
    }

    /** Starts the broker again on the same log directory, ports and cluster id, and waits until it answers. */
    public synchronized void startAgain() {
        if (running) {
            return;
        }
        server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        running = true;
        awaitReady(Duration.ofSeconds(60));
    }

    /** The {@code bootstrap.servers} value of this broker, e.g. {@code 127.0.0.1:43121}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            if (deleteOnClose) {
                deleteRecursively(logDir);
            }
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", root, e.toString());
        }
    }
}
