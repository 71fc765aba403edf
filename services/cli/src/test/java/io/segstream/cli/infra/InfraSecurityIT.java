package io.segstream.cli.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.segstream.app.Segstream;
import io.segstream.devstack.KafkaProbe;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.testing.TestData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./segstream infra --kafka-security SASL_SSL} in its own JVM: it prints the client settings of its SCRAM
 * over TLS broker and writes them to a file only its owner reads, and {@code produce --config} with that file alone
 * writes the sample's invoices into it.
 */
@Tag("integration")
class InfraSecurityIT {

    @TempDir
    Path work;

    @Test
    void givenInfraWithSaslSsl_whenProducingWithThePrintedClientFile_thenTheInvoicesArrive() throws Exception {
        Path output = work.resolve("infra.out");
        Process infra = new ProcessBuilder(TestData.repositoryRoot().resolve("segstream").toString(), "infra",
                "--kafka-security", "SASL_SSL", "--work-dir", work.resolve("infra").toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        infra.getOutputStream().close();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!Files.readString(output).contains("Press Ctrl-C")) {
                assertTrue(infra.isAlive(), "infra exited:\n" + Files.readString(output));
                assertTrue(System.nanoTime() < deadline, "infra not ready in 3 minutes:\n" + Files.readString(output));
                Thread.sleep(250);
            }
            String printed = Files.readString(output);
            assertTrue(printed.contains("Kafka listener      SASL_SSL SCRAM-SHA-512"), printed);
            assertTrue(printed.contains("  security.protocol=SASL_SSL") && printed.contains("  sasl.mechanism=SCRAM-SHA-512")
                    && printed.contains("  ssl.truststore.location="), printed);
            Path clientFile = work.resolve("infra").resolve("client.properties");
            assertTrue(printed.contains("--config " + clientFile), printed);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(clientFile)));

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine produce = Segstream.commandLine();
            produce.setOut(new PrintWriter(out, true));
            produce.setErr(new PrintWriter(err, true));
            int exit = produce.execute("produce", sample().toString(), "--progress", "0", "--config",
                    clientFile.toString());
            assertEquals(0, exit, err.toString());
            SegstreamConfig settings = SegstreamConfig.load(Optional.of(clientFile), Map.of());
            try (KafkaProbe probe = new KafkaProbe(settings.kafkaProperties())) {
                long invoices = probe.endOffsets(settings.topics().invoices().name()).values().stream()
                        .mapToLong(Long::longValue).sum();
                assertTrue(invoices > 100, invoices + " invoices; " + out);
            }
        } finally {
            infra.destroy();
            if (!infra.waitFor(60, TimeUnit.SECONDS)) {
                infra.destroyForcibly().waitFor();
            }
        }
    }

    private static Path sample() throws Exception {
        return TestData.demoSample();
    }
}
