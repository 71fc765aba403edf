package io.segstream.app.metrics;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import io.segstream.testing.TestData;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real {@code prometheus} and {@code promtool} binaries (Debian package {@code prometheus}; {@code .ci/run}
 * installs it). Outside CI a missing binary skips the test with a message; in CI ({@code CI} set) it fails it.
 */
final class PrometheusBinaries {

    private PrometheusBinaries() {
    }

    /** The project checkout. */
    static Path projectDir() {
        return TestData.repositoryRoot();
    }

    static Path deployDir() {
        return projectDir().resolve("deploy");
    }

    /** The binary {@code name}, from PATH or /usr/bin, or a skip (fail in CI) naming how to install it. */
    static Path require(String name) {
        Optional<Path> found = find(name);
        if (found.isEmpty()) {
            String message = name + " not found on PATH or in /usr/bin: install it with "
                    + "`apt-get install -y prometheus` (Debian) to run this test";
            if (System.getenv("CI") != null) {
                fail(message + " (CI is set, so this test must run)");
            }
            Assumptions.abort(message);
        }
        return found.get();
    }

    private static Optional<Path> find(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : (path + File.pathSeparator + "/usr/bin").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
