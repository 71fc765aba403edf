package io.segstream.app.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Writer;
import java.net.URI;
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
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.devstack.FreePorts;
import io.segstream.devstack.KafkaProbe;
import io.segstream.stream.runtime.StreamApp;
import io.segstream.testing.TlsFront;
import io.segstream.testing.TestData;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * produce, stream, train and watch with one config file against a broker that only speaks SASL_SSL (PLAIN) and the
 * real registry behind a TLS front with basic auth; every certificate is made at test time. A wrong Kafka password
 * is refused by the broker.
 */
@Tag("integration")
class KafkaTlsIT {

    private static final String KAFKA_PASSWORD = "kafka-" + Long.toHexString(System.nanoTime());

    @TempDir
    static Path dir;
    private static LocalCertificates certs;
    private static EmbeddedKafka kafka;
    private static ApicurioRegistry registry;
    private static TlsFront front;

    @BeforeAll
    static void start() {
        certs = LocalCertificates.create(dir);
        kafka = EmbeddedKafka.startSaslSsl("segstream", KAFKA_PASSWORD, certs);
        registry = ApicurioRegistry.start(ApicurioRegistry.homeFromSystemProperty(),
                Path.of("target", "apicurio-run", "KafkaTlsIT"));
        URI plain = URI.create(registry.ccompatUrl());
        front = TlsFront.start(certs, plain.getScheme() + "://" + plain.getAuthority(), "registry-user", "reg-pw");
    }

    @AfterAll
    static void stop() {
        if (front != null) {
            front.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void givenSaslSslKafkaAndATlsRegistry_whenEveryCommandUsesOneFile_thenAllOfThemWork() throws Exception {
        assertEquals("SASL_SSL", kafka.clientSecurity().get("security.protocol"));
        Properties file = new Properties();
        file.putAll(kafka.clientSecurity());
        file.put(SegstreamConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        file.put(SegstreamConfig.REGISTRY_URL, front.url("/apis/ccompat/v7"));
        file.put("basic.auth.credentials.source", "USER_INFO");
        file.put("basic.auth.user.info", "registry-user:reg-pw");
        file.put("schema.registry.ssl.truststore.type", "PEM");
        file.put("schema.registry.ssl.truststore.location", certs.certificatePem("server").toString());
        file.put("state.dir", Files.createTempDirectory("segstream-tls-state-").toString());
        file.put(SegstreamConfig.API_PORT, String.valueOf(FreePorts.pick()));
        file.put("segstream.api.open", "true");
        Path configFile = dir.resolve("client.properties");
        try (Writer out = Files.newBufferedWriter(configFile)) {
            file.store(out, "KafkaTlsIT");
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
        assertEquals(0, front.refused());
    }

    @Test
    void givenAWrongKafkaPassword_whenConnecting_thenTheBrokerRefusesTheLogin() {
        Map<String, Object> wrong = new HashMap<>(kafka.clientSecurity());
        wrong.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"segstream\" password=\"wrong\";");
        wrong.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        wrong.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        wrong.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        try (Admin admin = Admin.create(wrong)) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> admin.describeCluster().clusterId().get(20, TimeUnit.SECONDS));
            assertInstanceOf(SaslAuthenticationException.class, e.getCause());
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
