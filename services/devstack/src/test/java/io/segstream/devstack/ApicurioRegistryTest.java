package io.segstream.devstack;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

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
}
