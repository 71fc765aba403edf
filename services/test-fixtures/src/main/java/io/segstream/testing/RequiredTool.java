package io.segstream.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * An external program a test drives (chromium, chromedriver, promtool, prometheus). On a developer's machine a
 * missing one skips the test with how to install it; where the environment variable {@code CI} is set (.ci/run
 * exports it, as CI services do) it fails the test, because CI installs every tool and a skip there would pass
 * unseen.
 */
public final class RequiredTool {

    /** The environment variable that marks a CI run. */
    public static final String CI = "CI";

    private RequiredTool() {
    }

    /** Whether this run is CI's. */
    public static boolean inCi() {
        String value = System.getenv(CI);
        return value != null && !value.isBlank() && !value.equalsIgnoreCase("false");
    }

    /** {@code name} from PATH or /usr/bin; skips the test (fails it in CI) naming {@code install} when absent. */
    public static Path require(String name, String install) {
        return find(name).orElseGet(() -> missing(name + " not found on PATH or in /usr/bin", install));
    }

    /** The executable at {@code path}; skips the test (fails it in CI) naming {@code install} when absent. */
    public static Path requireAt(Path path, String install) {
        return Files.isExecutable(path) ? path : missing(path + " is not an executable file", install);
    }

    /** {@code name} from PATH or /usr/bin, if installed. */
    public static Optional<Path> find(String name) {
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

    private static Path missing(String what, String install) {
        String message = what + ": install it with `" + install + "` to run this test";
        if (inCi()) {
            Assertions.fail(message + " (" + CI + " is set: CI installs every tool, so this test must run, not skip)");
        }
        return Assumptions.abort(message);
    }
}
