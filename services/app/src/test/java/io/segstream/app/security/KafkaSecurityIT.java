package io.segstream.app.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.segstream.app.cli.CliRun;
import io.segstream.certificates.LocalCertificates;
import io.segstream.devstack.ApicurioRegistry;
import io.segstream.devstack.EmbeddedKafka;
import io.segstream.devstack.KafkaSecurity;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.devstack.FreePorts;
import io.segstream.devstack.KafkaProbe;
import io.segstream.stream.runtime.StreamApp;
import io.segstream.testing.TestData;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * produce, stream, train and watch with one config file against a broker whose only listener is SASL_SSL with
 * SCRAM-SHA-512, SSL, or SSL demanding client certificates (mTLS); certificates are made at test time and the SCRAM
 * credentials are written into the broker's metadata log when it is formatted. For each, a client lacking what the
 * broker asks (the right SCRAM password, a trusted server certificate, a client certificate) is refused. SASL_SSL
 * with PLAIN and a registry behind TLS are {@link KafkaTlsIT}'s.
 */
@Tag("integration")
class KafkaSecurityIT {

    private static final String PASSWORD = "scram-" + Long.toHexString(System.nanoTime());

    @TempDir
    static Path dir;
    private static LocalCertificates certs;
    private static ApicurioRegistry registry;

    @BeforeAll
    static void start() {
        certs = LocalCertificates.create(dir);
        registry = ApicurioRegistry.start(ApicurioRegistry.homeFromSystemProperty(),
                Path.of("target", "apicurio-run", "KafkaSecurityIT"));
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    static KafkaSecurity security(String name) {
        return switch (name) {
            case "SCRAM-SHA-512" -> KafkaSecurity.saslSsl("SCRAM-SHA-512", "segstream", PASSWORD, certs);
            case "SSL" -> KafkaSecurity.ssl(certs, false);
            case "mTLS" -> KafkaSecurity.ssl(certs, true);
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"SCRAM-SHA-512", "SSL", "mTLS"})
    void givenASecuredBroker_whenEveryCommandUsesOneFile_thenAllOfThemWorkAndAClientWithoutTheSecretIsRefused(
            String name) throws Exception {
        KafkaSecurity security = security(name);
        try (EmbeddedKafka kafka = EmbeddedKafka.startSecured(security)) {
            assertEquals(security.client(), kafka.clientSecurity());
            Properties file = new Properties();
            file.putAll(kafka.clientSecurity());
            file.put(SegstreamConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            file.put(SegstreamConfig.REGISTRY_URL, registry.ccompatUrl());
            file.put("state.dir", Files.createTempDirectory("segstream-kafka-security-").toString());
            file.put(SegstreamConfig.API_PORT, String.valueOf(FreePorts.pick()));
            file.put("segstream.api.open", "true");
            Path configFile = dir.resolve(name + ".properties");
            try (Writer out = Files.newBufferedWriter(configFile)) {
                file.store(out, "KafkaSecurityIT " + name);
            }
            String config = configFile.toString();

            CliRun produced = CliRun.of("produce", sample().toString(), "--progress", "0", "--config", config);
            assertEquals(0, produced.exit(), produced.err());
            SegstreamConfig settings = SegstreamConfig.load(Optional.of(configFile), Map.of());
            long invoices;
            try (KafkaProbe probe = new KafkaProbe(settings.kafkaProperties())) {
                invoices = probe.endOffsets(settings.topics().invoices().name()).values().stream()
                        .mapToLong(Long::longValue).sum();
            }
            assertTrue(invoices > 100, produced.out());
            try (StreamApp stream = StreamApp.start(settings)) {
                stream.awaitRunning(Duration.ofSeconds(60));
                awaitTrue(() -> stream.counters().inputs() == invoices, "the stream read every invoice");
                CliRun trained = CliRun.of("train", "--once", "--config", config);
                assertEquals(0, trained.exit(), trained.out() + trained.err());
                assertTrue(trained.out().startsWith("Model rfm version 1:"), trained.out());
                awaitTrue(() -> stream.scoring().changes() > 0, "the stream scored with the model");
                CliRun watched = CliRun.of("watch", "--from-beginning", "--max", "3", "--idle-timeout", "30s",
                        "--config", config);
                assertEquals(0, watched.exit(), watched.err());
                assertEquals(3, watched.out().lines().filter(l -> l.contains("FIRST_ASSIGNMENT")).count(),
                        watched.out());
            }

            Map<String, Object> refused = new HashMap<>(kafka.clientSecurity());
            Class<? extends Exception> expected;
            switch (name) {
                case "SCRAM-SHA-512" -> {
                    refused.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule "
                            + "required username=\"segstream\" password=\"wrong\";");
                    expected = SaslAuthenticationException.class;
                }
                case "SSL" -> {
                    // Trusting another certificate than the broker's.
                    refused.put("ssl.truststore.location", certs.trustStore("client").toString());
                    expected = SslAuthenticationException.class;
                }
                default -> {
                    refused.keySet().removeIf(key -> key.startsWith("ssl.keystore.") || key.equals("ssl.key.password"));
                    expected = SslAuthenticationException.class;
                }
            }
            assertRefused(kafka, refused, expected);
        }
    }

    private static void assertRefused(EmbeddedKafka kafka, Map<String, Object> client,
                                      Class<? extends Exception> expected) {
        client.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        client.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        client.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        try (Admin admin = Admin.create(client)) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> admin.describeCluster().clusterId().get(20, TimeUnit.SECONDS));
            assertInstanceOf(expected, e.getCause());
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + " within 2 minutes");
            Thread.sleep(100);
        }
    }

    private static Path sample() throws Exception {
        return TestData.demoSample();
    }
}
