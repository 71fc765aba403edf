package io.segstream.stream.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

import io.segstream.devstack.ApicurioRegistry;

/**
 * One real Apicurio registry for all tests of this JVM, started on first use and stopped at exit, so topology tests
 * run the same registry-backed serdes as production without paying the start-up per class.
 */
public final class SharedRegistry {

    private static ApicurioRegistry registry;

    private SharedRegistry() {
    }

    /** The Confluent-compatible API URL of the shared registry. */
    public static synchronized String url() {
        if (registry == null) {
            try {
                registry = ApicurioRegistry.start(ApicurioRegistry.homeFromSystemProperty(),
                        Files.createTempDirectory("segstream-test-registry-"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(registry::close, "shared-registry-stop"));
        }
        return registry.ccompatUrl();
    }
}
