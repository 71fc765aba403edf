package io.segstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.segstream.testing.TestData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's opt-in ahead-of-time class cache ({@code SEGSTREAM_AOT=on}), run for real through {@code ./segstream}:
 * the first run of a command records, the second builds the cache in the background, the third starts from it (with
 * {@code -XX:AOTMode=on}, under which the JVM refuses to start with a cache it cannot map, and the JVM's own log of
 * opening and mapping it). Without the variable
 * nothing is written. The JVM's cache warnings never reach the user's output.
 */
@Tag("integration")
class LauncherAotCacheIT {

    private static final Path LAUNCHER = TestData.repositoryRoot().resolve("segstream");

    @TempDir
    Path aotDir;
    @TempDir
    Path logDir;

    @Test
    void givenAotOn_whenACommandRunsThreeTimes_thenItRecordsThenBuildsThenStartsFromTheCache() throws Exception {
        String off = run(Map.of());
        assertTrue(off.contains("Usage: segstream produce"), off);
        assertEquals(List.of(), files(), "nothing written without SEGSTREAM_AOT=on");

        Map<String, String> on = Map.of("SEGSTREAM_AOT", "on", "SEGSTREAM_AOT_DIR", aotDir.toString());
        String recording = run(on);
        assertTrue(recording.contains("Usage: segstream produce"), recording);
        assertFalse(recording.contains("[aot"), "JVM cache warnings on the user's screen:\n" + recording);
        assertTrue(files().stream().anyMatch(f -> f.matches("produce-\\d+-\\d+\\.aotconf")), "recorded: " + files());
        assertTrue(files().stream().noneMatch(f -> f.endsWith(".aot")), "no cache yet: " + files());

        String building = run(on);
        assertTrue(building.contains("Usage: segstream produce"), building);
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (files().stream().anyMatch(f -> f.endsWith(".create") || f.endsWith(".aotconf"))) {
            assertTrue(System.nanoTime() < deadline, "cache not built in 3 minutes: " + files());
            Thread.sleep(200);
        }
        assertTrue(files().stream().anyMatch(f -> f.matches("produce-\\d+-\\d+\\.aot")), "built: " + files());

        Path cache = aotDir.resolve(files().stream().filter(f -> f.endsWith(".aot")).findFirst().orElseThrow());
        Path useLog = logDir.resolve("use.log");
        Map<String, String> mustUse = Map.of("SEGSTREAM_AOT", "on", "SEGSTREAM_AOT_DIR", aotDir.toString(),
                "SEGSTREAM_JAVA_OPTS", "-XX:AOTMode=on -Xlog:aot=info:file=" + useLog);
        String cached = run(mustUse);
        assertTrue(cached.contains("Usage: segstream produce"), cached);
        assertFalse(cached.contains("[aot"), cached);
        String log = Files.readString(useLog);
        assertTrue(log.contains("Opened AOT cache " + cache), log);
        assertTrue(log.contains("Mapped static"), log);
    }

    /** Runs {@code ./segstream produce --help} with extra environment; returns its output after a 0 exit. */
    private static String run(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString(), "produce", "--help").redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("SEGSTREAM_AOT");
        pb.environment().remove("SEGSTREAM_JAVA_OPTS");
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "launcher did not exit");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(aotDir)) {
            return s.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
