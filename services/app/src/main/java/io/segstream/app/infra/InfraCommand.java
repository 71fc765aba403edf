package io.segstream.app.infra;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.segstream.certificates.LocalCertificates;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.devstack.EmbeddedStack;
import io.segstream.devstack.KafkaSecurity;
import io.segstream.platform.topics.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code segstream infra}: a local Kafka broker and schema registry with segstream's topics, running until
 * Ctrl-C, for pointing your own producers (and {@code segstream produce -b ... -r ...}) at.
 */
@Command(name = "infra", mixinStandardHelpOptions = true,
        description = "Starts an embedded Kafka broker and Apicurio registry, creates the topics, prints where they "
                + "are and runs until Ctrl-C.")
public final class InfraCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file (topic names, partitions).")
    Path configFile;

    @Option(names = "-D", paramLabel = "KEY=VALUE", description = "Any setting, overriding the config file.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where broker and registry keep their files. Default: a new temporary directory.")
    Path workDir;

    @Option(names = "--brokers", paramLabel = "N", defaultValue = "1",
            description = "Kafka nodes (each a broker and a controller); 3 or more gives every topic 3 replicas and "
                    + "min.insync.replicas=2, so one broker can stop (default: ${DEFAULT-VALUE}).")
    int brokers;

    @Option(names = "--kafka-security", paramLabel = "KIND", defaultValue = "NONE",
            description = "The broker's listener: NONE (PLAINTEXT), SASL_SSL (TLS and a login, see "
                    + "--sasl-mechanism), SSL (TLS) or MTLS (TLS with client certificates). Certificates are made in "
                    + "WORK-DIR/tls (valid two days: for local trials); the client settings are printed and written "
                    + "to WORK-DIR/client.properties. Default: ${DEFAULT-VALUE}.")
    String kafkaSecurity;

    @Option(names = "--sasl-mechanism", paramLabel = "MECHANISM", defaultValue = "SCRAM-SHA-512",
            description = "With --kafka-security SASL_SSL: PLAIN or SCRAM-SHA-512 (default: ${DEFAULT-VALUE}).")
    String saslMechanism;

    @Override
    public Integer call() throws InterruptedException, IOException {
        if (brokers < 1) {
            throw new ParameterException(spec.commandLine(), "--brokers must be at least 1, got " + brokers);
        }
        if (!KafkaSecurity.MECHANISMS.contains(saslMechanism)) {
            throw new ParameterException(spec.commandLine(), "--sasl-mechanism must be one of "
                    + KafkaSecurity.MECHANISMS + ", got " + saslMechanism);
        }
        PrintWriter out = spec.commandLine().getOut();
        SegstreamConfig base = SegstreamConfig.load(Optional.ofNullable(configFile), settings);
        Path dir = workDir != null ? workDir : Files.createTempDirectory("segstream-infra-");
        KafkaSecurity security = security(dir);
        EmbeddedStack stack = EmbeddedStack.start(dir, brokers, security);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "segstream-infra-shutdown"));
        SegstreamConfig config = stack.configure(base);
        List<String> created = Topics.ensure(config, config.topics().all());
        out.println("bootstrap.servers   " + stack.bootstrapServers());
        out.println("schema.registry.url " + stack.registryUrl());
        out.println("topics created      " + String.join(", ", created));
        out.println("replication         " + config.require(SegstreamConfig.REPLICATION_FACTOR) + " replicas, "
                + "min.insync.replicas " + config.require(SegstreamConfig.MIN_INSYNC_REPLICAS));
        out.println();
        if (security.client().isEmpty()) {
            out.println("Produce into it with:");
            out.println("  ./segstream produce data/online-retail/online_retail.csv.gz -b " + stack.bootstrapServers()
                    + " -r " + stack.registryUrl());
        } else {
            Path clientFile = writeClientSettings(dir, stack, security);
            out.println("Kafka listener      " + security.protocol() + (security.protocol().equals("SASL_SSL")
                    ? " " + saslMechanism : "") + "; client settings (also in " + clientFile + "):");
            security.client().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> out.println("  " + e.getKey() + "=" + e.getValue()));
            out.println();
            out.println("Produce into it with:");
            out.println("  ./segstream produce data/online-retail/online_retail.csv.gz --config " + clientFile);
        }
        out.println("Press Ctrl-C to stop.");
        out.flush();
        stopped.await();
        return 0;
    }

    /** The broker's listener for {@code --kafka-security}, with certificates made in {@code dir/tls}. */
    private KafkaSecurity security(Path dir) throws IOException {
        String kind = kafkaSecurity.toUpperCase(Locale.ROOT);
        if (kind.equals("NONE")) {
            return KafkaSecurity.PLAINTEXT;
        }
        if (!List.of("SASL_SSL", "SSL", "MTLS").contains(kind)) {
            throw new ParameterException(spec.commandLine(), "--kafka-security must be NONE, SASL_SSL, SSL or MTLS, "
                    + "got " + kafkaSecurity);
        }
        LocalCertificates certs = LocalCertificates.create(Files.createDirectories(dir.resolve("tls")));
        return switch (kind) {
            case "SASL_SSL" -> KafkaSecurity.saslSsl(saslMechanism, "segstream", HexFormat.of().formatHex(randomBytes()),
                    certs);
            case "SSL" -> KafkaSecurity.ssl(certs, false);
            default -> KafkaSecurity.ssl(certs, true);
        };
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** bootstrap.servers, the registry and the client security as a properties file only its owner reads. */
    private static Path writeClientSettings(Path dir, EmbeddedStack stack, KafkaSecurity security)
            throws IOException {
        Properties client = new Properties();
        client.putAll(security.client());
        client.setProperty(SegstreamConfig.BOOTSTRAP_SERVERS, stack.bootstrapServers());
        client.setProperty(SegstreamConfig.REGISTRY_URL, stack.registryUrl());
        Path file = dir.resolve("client.properties");
        Files.deleteIfExists(file);
        Files.createFile(file);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the user's profile directory is private already.
        }
        try (Writer writer = Files.newBufferedWriter(file)) {
            client.store(writer, "segstream infra: client settings for its broker (holds the password)");
        }
        return file;
    }
}
