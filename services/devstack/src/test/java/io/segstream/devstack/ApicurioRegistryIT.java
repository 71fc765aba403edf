package io.segstream.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.segstream.platform.registry.CompatibilityLevel;
import io.segstream.platform.registry.RegistryClientOptions;
import io.segstream.platform.registry.RegistryUnavailableException;
import io.segstream.platform.registry.SchemaRegistryClient;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry process itself: it answers on loopback, is set to BACKWARD, keeps its schemas across a restart, and is
 * gone after close.
 */
@Tag("integration")
class ApicurioRegistryIT {

    @Test
    void startsOnLoopbackWithBackwardCompatibilityAndStopsCleanly() throws IOException {
        Path workDir = Path.of("target", "apicurio-run", ApicurioRegistryIT.class.getSimpleName());
        ProcessHandle process;
        try (ApicurioRegistry apicurio = ApicurioRegistry.start(ApicurioRegistry.homeFromSystemProperty(), workDir);
                SchemaRegistryClient client = SchemaRegistryClient.create(
                        RegistryClientOptions.of(apicurio.ccompatUrl()))) {
            process = ProcessHandle.of(apicurio.pid()).orElseThrow();

            assertTrue(apicurio.ccompatUrl().matches("http://127\\.0\\.0\\.1:\\d+/apis/ccompat/v7"),
                    apicurio.ccompatUrl());
            assertEquals(CompatibilityLevel.BACKWARD, client.globalCompatibility());
            assertEquals(List.of(), client.subjects());
            assertEquals(workDir.resolve("apicurio-registry.log"), apicurio.logFile());
        }

        process.onExit().orTimeout(5, TimeUnit.SECONDS).join();
        assertFalse(process.isAlive());
        assertTrue(Files.readString(workDir.resolve("apicurio-registry.log")).contains("stopped in"));
    }

    @Test
    void givenRegisteredSchemas_whenStoppedAndStartedAgain_thenIdsSurviveAndClientsSeeTheOutage() {
        Path workDir = Path.of("target", "apicurio-run", ApicurioRegistryIT.class.getSimpleName() + "-restart");
        Schema a = SchemaBuilder.record("A").fields().requiredInt("x").endRecord();
        Schema b = SchemaBuilder.record("B").fields().requiredString("y").endRecord();
        Schema c = SchemaBuilder.record("C").fields().requiredLong("z").endRecord();
        try (ApicurioRegistry apicurio = ApicurioRegistry.start(ApicurioRegistry.homeFromSystemProperty(), workDir);
                SchemaRegistryClient client = SchemaRegistryClient.create(
                        RegistryClientOptions.of(apicurio.ccompatUrl()))) {
            int idA = client.register("a-value", a);
            int idB = client.register("b-value", b);
            long firstPid = apicurio.pid();

            apicurio.stop();
            assertEquals(a, client.schemaById(idA), "an id seen before is answered from the client's cache");
            try (SchemaRegistryClient newcomer = SchemaRegistryClient.create(
                    RegistryClientOptions.of(apicurio.ccompatUrl()))) {
                assertThrows(RegistryUnavailableException.class, () -> newcomer.schemaById(idA));
            }
            apicurio.startAgain();

            assertTrue(apicurio.pid() != firstPid, "a new process");
            assertEquals(a, client.schemaById(idA));
            assertEquals(b, client.schemaById(idB));
            assertEquals(idA, client.register("a-value", a));
            int idC = client.register("c-value", c);
            assertFalse(idC == idA || idC == idB, "a new schema gets a new id: " + idC);
            assertEquals(CompatibilityLevel.BACKWARD, client.globalCompatibility());
        }
        try (ApicurioRegistry fresh = ApicurioRegistry.start(ApicurioRegistry.homeFromSystemProperty(), workDir);
                SchemaRegistryClient client = SchemaRegistryClient.create(
                        RegistryClientOptions.of(fresh.ccompatUrl()))) {
            assertEquals(List.of(), client.subjects(), "start begins empty");
        }
    }

    @Test
    void registryThatDiesAtStartupReportsExitCodeAndLogTail(@TempDir Path home) throws IOException {
        Files.writeString(home.resolve("quarkus-run.jar"), "not a jar");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ApicurioRegistry.start(home, home.resolve("work"), Duration.ofSeconds(30)));

        assertTrue(e.getMessage().startsWith("Apicurio Registry exited with code 1 before its API answered"),
                e.getMessage());
        assertTrue(e.getMessage().contains("apicurio-registry.log:\n"), e.getMessage());
        assertTrue(e.getMessage().contains("quarkus-run.jar"), e.getMessage());
    }
}
