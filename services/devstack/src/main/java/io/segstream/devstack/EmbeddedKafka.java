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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.segstream.certificates.LocalCertificates;
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
 * A real KRaft Kafka cluster running inside this JVM on free loopback ports: one node by default, or three (or more)
 * for replication, each node a combined broker and controller. Used by the demo, {@code segstream infra} and the
 * integration tests; production deployments point {@code bootstrap.servers} at any cluster instead.
 *
 * <p>With three or more nodes every topic the cluster creates by default (and its own offsets, transaction and
 * share-state topics) has three replicas and {@code min.insync.replicas=2}, so one broker can stop without stopping
 * exactly-once producers; with one or two nodes every topic has as many replicas as there are nodes.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int START_ATTEMPTS = 3;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path logDir;
    private final boolean deleteOnClose;
    private final String bootstrapServers;
    private final Map<String, String> clientSecurity;
    private final List<Node> nodes;

    private EmbeddedKafka(List<Node> nodes, Path logDir, boolean deleteOnClose, Map<String, String> clientSecurity) {
        this.nodes = nodes;
        this.logDir = logDir;
        this.deleteOnClose = deleteOnClose;
        this.bootstrapServers = nodes.stream().map(Node::address).collect(Collectors.joining(","));
        this.clientSecurity = clientSecurity;
    }

    /** One node of the cluster: its settings and, while it runs, its server. */
    private static final class Node {
        private final int id;
        private final String address;
        private final Properties props;
        private KafkaRaftServer server;

        Node(int id, String address, Properties props) {
            this.id = id;
            this.address = address;
            this.props = props;
        }

        String address() {
            return address;
        }

        synchronized boolean running() {
            return server != null;
        }

        synchronized void startup() {
            if (server == null) {
                KafkaRaftServer started = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
                started.startup();
                server = started;
            }
        }

        synchronized void shutdown() {
            if (server != null) {
                server.shutdown();
                server.awaitShutdown();
                server = null;
            }
        }
    }

    /**
     * A single-node cluster whose only client listener is {@code SASL_PLAINTEXT} with the {@code PLAIN} mechanism and
     * one user, as in a secured cluster: a client without {@link #clientSecurity()} cannot talk to it. Its log lives
     * in a temporary directory deleted on {@link #close()}.
     */
    public static EmbeddedKafka startSaslPlain(String user, String password) {
        String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
        // The broker talks to itself as the same user; user_NAME entries are the accounts it accepts.
        String brokerJaas = jaas.substring(0, jaas.length() - 1) + " user_" + user + "=\"" + password + "\";";
        Map<String, String> client = Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", jaas);
        return start(temporaryDirectory("segstream-kafka-sasl-"), true, 1, Map.of(
                "sasl.enabled.mechanisms", "PLAIN",
                "sasl.mechanism.inter.broker.protocol", "PLAIN",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config", brokerJaas), "SASL_PLAINTEXT", client,
                List.of());
    }

    /**
     * A single-node cluster whose only client listener is {@code SASL_SSL} with the {@code PLAIN} mechanism and one
     * user: TLS with the certificates of {@code certs} ({@link KafkaSecurity#saslSsl}). Its log lives in a temporary
     * directory deleted on {@link #close()}.
     */
    public static EmbeddedKafka startSaslSsl(String user, String password, LocalCertificates certs) {
        return startSecured(KafkaSecurity.saslSsl("PLAIN", user, password, certs));
    }

    /**
     * A single-node cluster whose only client listener is secured as {@code security} says (SASL_SSL with PLAIN or
     * SCRAM-SHA-512, SSL, SSL with client certificates); a client without {@link #clientSecurity()} cannot talk to
     * it. Its log lives in a temporary directory deleted on {@link #close()}.
     */
    public static EmbeddedKafka startSecured(KafkaSecurity security) {
        return start(temporaryDirectory("segstream-kafka-" + security.protocol().toLowerCase(java.util.Locale.ROOT)
                + "-"), true, 1, security);
    }

    /**
     * A cluster of {@code brokers} nodes storing their logs under {@code logDir}, its listener secured as
     * {@code security} says.
     */
    public static EmbeddedKafka start(Path logDir, boolean deleteOnClose, int brokers, KafkaSecurity security) {
        return start(logDir, deleteOnClose, brokers, security.broker(), security.protocol(), security.client(),
                security.formatArguments());
    }

    /** The client settings this cluster requires beyond {@code bootstrap.servers}: none, or its SASL settings. */
    public Map<String, String> clientSecurity() {
        return clientSecurity;
    }

    /** Starts a single-node cluster whose data lives in a temporary directory deleted on {@link #close()}. */
    public static EmbeddedKafka start() {
        return startCluster(1);
    }

    /** Starts a cluster of {@code brokers} nodes whose data lives in a temporary directory deleted on close. */
    public static EmbeddedKafka startCluster(int brokers) {
        return start(temporaryDirectory("segstream-kafka-"), true, brokers, Map.of());
    }

    /**
     * Starts a single-node cluster storing its log in {@code logDir}.
     *
     * @param overrides broker properties that replace the defaults
     */
    public static EmbeddedKafka start(Path logDir, boolean deleteOnClose, Map<String, String> overrides) {
        return start(logDir, deleteOnClose, 1, overrides);
    }

    /**
     * Starts a cluster of {@code brokers} nodes storing their logs under {@code logDir}.
     *
     * @param overrides broker properties that replace the defaults, on every node
     */
    public static EmbeddedKafka start(Path logDir, boolean deleteOnClose, int brokers, Map<String, String> overrides) {
        return start(logDir, deleteOnClose, brokers, overrides, "PLAINTEXT", Map.of(), List.of());
    }

    private static Path temporaryDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory for the embedded broker", e);
        }
    }

    private static EmbeddedKafka start(Path logDir, boolean deleteOnClose, int brokers, Map<String, String> overrides,
                                       String listener, Map<String, String> clientSecurity,
                                       List<String> formatArguments) {
        if (brokers < 1) {
            throw new IllegalArgumentException("An embedded cluster needs at least one broker, got " + brokers);
        }
        RuntimeException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            Path dir = logDir.resolve("attempt-" + attempt);
            List<Node> nodes = nodes(dir, brokers, listener, overrides);
            try {
                long started = System.nanoTime();
                String clusterId = Uuid.randomUuid().toString();
                for (Node node : nodes) {
                    format(Path.of(node.props.getProperty("log.dirs")), node.props, clusterId, formatArguments);
                }
                // A node's startup waits for a controller quorum, which needs a majority of nodes: start them together.
                onEveryNode(nodes, Node::startup);
                EmbeddedKafka kafka = new EmbeddedKafka(nodes, logDir, deleteOnClose, clientSecurity);
                kafka.awaitReady();
                LOG.info("Embedded Kafka ({} node{}) ready at {} in {} ms (log dir {})", brokers,
                        brokers == 1 ? "" : "s", kafka.bootstrapServers, (System.nanoTime() - started) / 1_000_000,
                        dir);
                return kafka;
            } catch (RuntimeException e) {
                // A port taken between pick() and bind() shows up here; retry with new ports.
                LOG.warn("Embedded Kafka failed to start on {} (attempt {}): {}", nodes.stream().map(Node::address)
                        .toList(), attempt, e.toString());
                shutdownQuietly(nodes);
                last = e;
            }
        }
        throw new IllegalStateException("Embedded Kafka did not start after " + START_ATTEMPTS + " attempts", last);
    }

    private static List<Node> nodes(Path dir, int brokers, String listener, Map<String, String> overrides) {
        int[] brokerPorts = new int[brokers];
        int[] controllerPorts = new int[brokers];
        StringBuilder voters = new StringBuilder();
        for (int i = 0; i < brokers; i++) {
            brokerPorts[i] = FreePorts.pick();
            controllerPorts[i] = FreePorts.pick();
            voters.append(i == 0 ? "" : ",").append(i + 1).append("@127.0.0.1:").append(controllerPorts[i]);
        }
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < brokers; i++) {
            int id = i + 1;
            Properties props = brokerProperties(dir.resolve("node-" + id), listener, brokerPorts[i],
                    controllerPorts[i], overrides);
            props.put("node.id", String.valueOf(id));
            props.put("controller.quorum.voters", voters.toString());
            replication(props, brokers);
            props.putAll(overrides);
            nodes.add(new Node(id, "127.0.0.1:" + brokerPorts[i], props));
        }
        return List.copyOf(nodes);
    }

    /**
     * The replication of a cluster of {@code brokers} nodes: three replicas (or one per node when fewer) for every
     * topic, and two in sync for a write when there are three.
     */
    private static void replication(Properties p, int brokers) {
        String replicas = String.valueOf(replicasFor(brokers));
        String inSync = String.valueOf(inSyncFor(brokers));
        p.put("default.replication.factor", replicas);
        p.put("min.insync.replicas", inSync);
        p.put("offsets.topic.replication.factor", replicas);
        p.put("transaction.state.log.replication.factor", replicas);
        p.put("transaction.state.log.min.isr", inSync);
        p.put("share.coordinator.state.topic.replication.factor", replicas);
        p.put("share.coordinator.state.topic.min.isr", inSync);
    }

    private static int replicasFor(int brokers) {
        return Math.min(3, brokers);
    }

    private static int inSyncFor(int brokers) {
        return brokers >= 3 ? 2 : 1;
    }

    /** The replicas per partition this cluster gives its topics: three, or one per broker when fewer. */
    public int replicationFactor() {
        return replicasFor(nodes.size());
    }

    /** The {@code min.insync.replicas} of this cluster's topics: two with three brokers or more, else one. */
    public int minInsyncReplicas() {
        return inSyncFor(nodes.size());
    }

    private static void onEveryNode(List<Node> nodes, Consumer<Node> action) {
        if (nodes.size() == 1) {
            action.accept(nodes.getFirst());
            return;
        }
        List<Thread> threads = new ArrayList<>();
        List<RuntimeException> failures = new CopyOnWriteArrayList<>();
        for (Node node : nodes) {
            threads.add(Thread.ofPlatform().name("embedded-kafka-node-" + node.id).start(() -> {
                try {
                    action.accept(node);
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the embedded Kafka nodes", e);
            }
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.getFirst();
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }

    private static void shutdownQuietly(List<Node> nodes) {
        try {
            onEveryNode(nodes, Node::shutdown);
        } catch (RuntimeException e) {
            LOG.warn("Embedded Kafka nodes did not shut down cleanly: {}", e.toString());
        }
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
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.num.partitions", "1");
        replication(p, 1);
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

    private static void format(Path dir, Properties props, String clusterId, List<String> formatArguments) {
        try {
            Files.createDirectories(dir);
            Path propsFile = dir.resolve("server.properties");
            try (var out = Files.newBufferedWriter(propsFile)) {
                props.store(out, "segstream embedded broker");
            }
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            int rc;
            try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
                List<String> args = new ArrayList<>(List.of("format", "-t", clusterId, "-c", propsFile.toString()));
                args.addAll(formatArguments);
                rc = StorageTool.execute(args.toArray(String[]::new), out);
            }
            if (rc != 0) {
                throw new IllegalStateException("Formatting the embedded broker's log dir failed: "
                        + buffer.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the embedded broker's log dir " + dir, e);
        }
    }

    /** Waits until every running node is registered as a broker; closes the cluster when they do not in time. */
    private void awaitReady() {
        long expected = nodes.stream().filter(Node::running).count();
        Map<String, Object> settings = new HashMap<>(clientSecurity);
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT.toMillis());
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(settings)) {
            while (admin.describeCluster().nodes().get().size() < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("fewer than " + expected + " brokers registered");
                }
                Thread.sleep(100);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            close();
            throw new IllegalStateException("Embedded Kafka at " + bootstrapServers + " did not answer within "
                    + READY_TIMEOUT, e);
        }
    }

    /** The number of nodes (brokers) of this cluster. */
    public int brokers() {
        return nodes.size();
    }

    /**
     * Stops every node as a crash of the cluster's processes would look to clients (connections drop, nothing is
     * deleted); the logs stay for {@link #startAgain()}.
     */
    public void stop() {
        onEveryNode(nodes.stream().filter(Node::running).toList(), Node::shutdown);
    }

    /** Starts every stopped node again on the same log directories, ports and cluster id, and waits until they answer. */
    public void startAgain() {
        onEveryNode(nodes.stream().filter(node -> !node.running()).toList(), Node::startup);
        awaitReady();
    }

    /**
     * Stops node {@code id} (1 to {@link #brokers()}) alone; its partitions' leadership moves to the others. Its log
     * stays for {@link #startBroker(int)}.
     */
    public void stopBroker(int id) {
        node(id).shutdown();
    }

    /** Starts node {@code id} again, as it was, and waits until it is registered. */
    public void startBroker(int id) {
        node(id).startup();
        awaitReady();
    }

    private Node node(int id) {
        if (id < 1 || id > nodes.size()) {
            throw new IllegalArgumentException("No broker " + id + " in a cluster of " + nodes.size());
        }
        return nodes.get(id - 1);
    }

    /** The {@code bootstrap.servers} value of this cluster, e.g. {@code 127.0.0.1:43121} (every node, comma-separated). */
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
