package io.segstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding the reference's interpreter, with stand-in interpreters (shell scripts) so that no test needs pandas or
 * scikit-learn: one whose import check fails as Python's does without pandas, one that has "both libraries" and
 * prints the reference's timing tokens.
 */
class BaselineTest {

    @TempDir
    Path dir;

    @Test
    void givenAnInterpreterWithoutPandas_whenRun_thenOneSkipLineNamingItAndTheDebianPackages() throws IOException {
        Path python = script("no-pandas", """
                echo "Traceback (most recent call last):"
                echo "ModuleNotFoundError: No module named 'pandas'"
                exit 1""");

        Baseline.Result r = Baseline.run(python, reference(), dir.resolve("data.csv"), 10);

        assertFalse(r.ran());
        assertEquals(1, r.note().lines().count(), r.note());
        assertTrue(r.note().contains(python + ": ModuleNotFoundError: No module named 'pandas'"), r.note());
        assertTrue(r.note().contains("apt-get install python3-pandas python3-sklearn"), r.note());
    }

    @Test
    void givenAnInterpreterThatImportsBoth_whenRun_thenItsTimingsAreRead() throws IOException {
        Path python = script("fake-python", """
                if [ "$1" = "-c" ]; then exit 0; fi
                echo "rows=10 customers=3 load_s=0.25 features_s=0.5"
                echo "total_s=1.5"
                """);

        Baseline.Result r = Baseline.run(python, reference(), dir.resolve("data.csv"), 10);

        assertTrue(r.ran(), r.note());
        assertEquals(Map.of("load", 0.25, "features", 0.5, "total", 1.5), r.seconds());
        assertEquals(1.5, r.totalSeconds());
    }

    @Test
    void givenNoSuchInterpreter_whenChecked_thenNotFound() {
        assertEquals("not found", Baseline.lacksLibraries(dir.resolve("python-nowhere")));
        assertNull(Baseline.lacksLibraries(script("ok", "exit 0")));
    }

    @Test
    void givenNoChoice_whenCandidatesListed_thenDebiansInterpreterFirstAndNoDuplicates() {
        var candidates = Baseline.defaultCandidates();

        assertEquals(Baseline.DEFAULT_PYTHON, candidates.getFirst());
        assertEquals(candidates.size(), candidates.stream().distinct().count());
    }

    private Path reference() throws IOException {
        return Files.writeString(dir.resolve("ref.py"), "# stand-in reference\n");
    }

    private Path script(String name, String body) {
        try {
            Path p = Files.writeString(dir.resolve(name), "#!/bin/sh\n" + body + "\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            return p;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
