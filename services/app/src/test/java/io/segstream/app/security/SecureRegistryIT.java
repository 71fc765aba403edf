package io.segstream.app.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.segstream.app.cli.CliRun;
import io.segstream.certificates.LocalCertificates;
import io.segstream.devstack.EmbeddedStack;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.devstack.FreePorts;
import io.segstream.stream.runtime.StreamApp;
import io.segstream.testing.TlsFront;
import io.segstream.testing.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Confluent client properties file, unchanged, against the real registry behind TLS and basic authentication
 * (a {@link TlsFront} with certificates made at test time), the password kept in a file behind a config provider:
 * {@code segstream produce} registers and writes through it, the stream app decodes every invoice through it, and a
 * wrong password stops the command with a message naming the key to check.
 */
@Tag("integration")
class SecureRegistryIT {

    private static final String USER = "segstream-svc";
    private static final String PASSWORD = "pw-" + Long.toHexString(System.nanoTime());

    @TempDir
    static Path dir;
    private static EmbeddedStack stack;
    private static TlsFront front;
    private static LocalCertificates certs;

    @BeforeAll
    static void start() {
        stack = EmbeddedStack.start(Path.of("target", "secure-registry-it"));
        certs = LocalCertificates.create(dir);
        URI plain = URI.create(stack.registryUrl());
        front = TlsFront.start(certs, plain.getScheme() + "://" + plain.getAuthority(), USER, PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (front != null) {
            front.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void givenAConfluentClientFile_whenProducingAndStreaming_thenEverythingGoesThroughTlsAndBasicAuth()
            throws Exception {
        Path config = clientFile("good", PASSWORD);
        CliRun produce = CliRun.of("produce", sample().toString(), "--config", config.toString(), "--progress", "0");
        assertEquals(0, produce.exit(), produce.out() + produce.err());
        Matcher produced = Pattern.compile("produced\\s+([\\d,]+) invoices").matcher(produce.out());
        assertTrue(produced.find(), produce.out());
        long invoices = Long.parseLong(produced.group(1).replace(",", ""));
        assertTrue(invoices > 100, produce.out());

        SegstreamConfig settings = SegstreamConfig.load(Optional.of(config), Map.of(
                "state.dir", Files.createTempDirectory("segstream-secure-").toString(),
                SegstreamConfig.APPLICATION_ID, "segstream-secure",
                SegstreamConfig.API_PORT, String.valueOf(FreePorts.pick()),
                "segstream.api.open", "true"));
        stack.createTopics(settings.topics().all());
        try (StreamApp app = StreamApp.start(settings)) {
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (app.counters().inputs() < invoices && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            assertEquals(invoices, app.counters().inputs(), "every invoice decoded through the TLS front");
            assertEquals(0, app.counters().deadLetters());
        }
        assertEquals(0, front.refused(), "no request went without credentials");
    }

    @Test
    void givenAWrongPassword_whenProducing_thenTheCommandStopsNamingTheKeyToCheck() throws Exception {
        Path config = clientFile("bad", "not-the-password");
        CliRun produce = CliRun.of("produce", sample().toString(), "--config", config.toString(), "--progress", "0",
                "-D", "segstream.topic.invoices=invoices-refused");
        assertNotEquals(0, produce.exit(), produce.out() + produce.err());
        assertTrue(produce.err().contains("basic.auth.user.info"), produce.err());
        assertTrue(produce.err().contains("401"), produce.err());
        assertTrue(!produce.err().contains("not-the-password"), "the password is not printed: " + produce.err());
        assertTrue(front.refused() > 0);
    }

    /** What a Confluent Cloud client file looks like, the secret moved into a file behind a config provider. */
    private static Path clientFile(String name, String password) throws Exception {
        Path secrets = Files.writeString(dir.resolve(name + "-secrets.properties"),
                "registry.user.info=" + USER + ":" + password + "\n");
        String text = String.join("\n",
                "# Required connection configs for Kafka producer, consumer, and admin",
                "bootstrap.servers=" + stack.bootstrapServers(),
                "client.dns.lookup=use_all_dns_ips",
                "session.timeout.ms=45000",
                "acks=all",
                "config.providers=file",
                "config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider",
                "# Required connection configs for Confluent Cloud Schema Registry",
                "schema.registry.url=" + front.url("/apis/ccompat/v7"),
                "basic.auth.credentials.source=USER_INFO",
                "basic.auth.user.info=${file:" + secrets + ":registry.user.info}",
                "schema.registry.ssl.truststore.location=" + certs.trustStore("server"),
                "schema.registry.ssl.truststore.password=" + certs.password(),
                "schema.registry.ssl.truststore.type=PKCS12",
                "");
        return Files.writeString(dir.resolve(name + ".properties"), text);
    }

    private static Path sample() throws Exception {
        return TestData.demoSample();
    }
}
