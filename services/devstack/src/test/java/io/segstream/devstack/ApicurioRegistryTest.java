package io.segstream.devstack;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApicurioRegistryTest {

    @Test
    void missingDistributionNamesTheJarAndThePropertyToSet(@TempDir Path emptyHome) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ApicurioRegistry.start(emptyHome, emptyHome.resolve("work")));

        assertTrue(e.getMessage().contains("quarkus-run.jar is missing"), e.getMessage());
        assertTrue(e.getMessage().contains(ApicurioRegistry.HOME_PROPERTY), e.getMessage());
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
