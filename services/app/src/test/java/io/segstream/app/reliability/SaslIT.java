package io.segstream.app.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.segstream.app.cli.CliRun;
import io.segstream.devstack.ApicurioRegistry;
import io.segstream.devstack.EmbeddedKafka;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.devstack.FreePorts;
import io.segstream.devstack.KafkaProbe;
import io.segstream.stream.runtime.StreamApp;
import io.segstream.testing.TestData;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every Kafka client of segstream against a broker that only speaks SASL_PLAINTEXT with PLAIN: the security settings
 * in one config file reach the admin (topic creation), the producers ({@code produce}, {@code erase}), Kafka Streams
 * (the stream), the trainer ({@code train --once}) and the consumer ({@code watch}). A client without them is refused, so the test
 * fails if any of them drops a key.
 */
@Tag("integration")
class SaslIT {

    private static EmbeddedKafka kafka;
    private static ApicurioRegistry registry;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.startSaslPlain("segstream", "s3cret-for-tests");
        registry = ApicurioRegistry.start(ApicurioRegistry.homeFromSystemProperty(),
                Path.of("target", "apicurio-run", "SaslIT"));
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void givenSaslPlainBroker_whenEveryCommandUsesOneConfigFile_thenAllOfThemWork() throws Exception {
        Map<String, String> security = kafka.clientSecurity();
        assertEquals("SASL_PLAINTEXT", security.get("security.protocol"));
        assertRefusedWithout(security);

        Path configFile = Files.createTempFile("segstream-sasl-", ".properties");
        Properties file = new Properties();
        file.putAll(security);
        file.put(SegstreamConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        file.put(SegstreamConfig.REGISTRY_URL, registry.ccompatUrl());
        file.put("state.dir", Files.createTempDirectory("segstream-sasl-state-").toString());
        file.put(SegstreamConfig.API_PORT, String.valueOf(FreePorts.pick()));
        try (Writer out = Files.newBufferedWriter(configFile)) {
            file.store(out, "SaslIT");
        }
        String config = configFile.toString();

        CliRun produced = CliRun.of("produce", sample().toString(), "--progress", "0", "--config", config);
        assertEquals(0, produced.exit(), produced.err());
        assertTrue(produced.out().contains("invoices"), produced.out());

        SegstreamConfig settings = SegstreamConfig.load(Optional.of(configFile), Map.of());
        long invoices;
        try (KafkaProbe probe = new KafkaProbe(settings.kafkaProperties())) {
            invoices = probe.endOffsets(settings.topics().invoices().name()).values().stream()
                    .mapToLong(Long::longValue).sum();
        }
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
            Matcher id = Pattern.compile("\"customerId\":\"([^\"]+)\"").matcher(watched.out());
            assertTrue(id.find(), watched.out());
            CliRun erased = CliRun.of("erase", id.group(1), "--reason", "ticket-1", "--config", config);
            assertEquals(0, erased.exit(), erased.err());
            assertTrue(erased.out().startsWith("erasure requested for 1 customer at "), erased.out());
            awaitTrue(() -> stream.counters().erasures() == 1, "the stream erased the customer");
            System.out.printf("SASL_PLAINTEXT/PLAIN: produce, stream (%,d invoices), train, watch, erase all"
                    + " connected%n", invoices);
        }
    }

    /** The broker really requires SASL: an admin with only the address gets no answer about the cluster. */
    private static void assertRefusedWithout(Map<String, String> security) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000))) {
            assertThrows(ExecutionException.class,
                    () -> admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS));
        }
        Map<String, Object> withSecurity = new java.util.HashMap<>(security);
        withSecurity.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(withSecurity)) {
            assertTrue(admin.describeCluster().clusterId().toCompletionStage().toCompletableFuture()
                    .orTimeout(30, TimeUnit.SECONDS).join().length() > 0);
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + " within 2 minutes");
            Thread.sleep(100);
        }
    }

    private static Path sample() throws URISyntaxException {
        return TestData.demoSample();
    }
}
