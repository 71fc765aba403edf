package io.segstream.app.metrics;

import java.nio.file.Path;

import io.segstream.testing.RequiredTool;
import io.segstream.testing.TestData;

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
        return RequiredTool.require(name, "apt-get install -y prometheus");
    }
}
