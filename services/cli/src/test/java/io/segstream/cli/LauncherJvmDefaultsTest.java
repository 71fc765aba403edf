package io.segstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.segstream.testing.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JVM defaults the {@code ./segstream} launcher gives a long-running stream process (a fixed, pre-touched heap,
 * G1 with a pause goal, exit on out-of-memory for {@code stream}), read from its dry run
 * ({@code SEGSTREAM_LAUNCHER_DRY_RUN=1}, the java command line one argument per line). The launcher runs as a copy in
 * an empty directory: a dry run that tried to build segstream.jar (there is no {@code ./mvnw} there) or to run it
 * would fail.
 */
class LauncherJvmDefaultsTest {

    static final List<String> STREAM = List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=50", "-XX:+ExitOnOutOfMemoryError");
    static final List<String> BENCH = List.of("-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch", "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=50");

    /** The first of the user's options in every dry run here. */
    static final String MARKER = "-Dsegstream.test.user-options=1";

    @TempDir
    Path checkout;
    Path launcher;

    @BeforeEach
    void copyLauncher() throws IOException {
        launcher = checkout.resolve("segstream");
        Files.copy(TestData.repositoryRoot().resolve("segstream"), launcher, StandardCopyOption.COPY_ATTRIBUTES);
        assertTrue(Files.isExecutable(launcher));
    }

    @Test
    void givenStream_whenLaunched_thenTheDefaultsOfADeployedInstanceComeBeforeTheUsersOptionsAndTheJar()
            throws Exception {
        List<String> args = dryRun(Map.of("SEGSTREAM_JAVA_OPTS", "-Dsegstream.test=1"),
                "stream", "--config", "segstream.properties");
        assertEquals(STREAM, jvmDefaults(args));
        int jar = args.indexOf("-jar");
        assertEquals(List.of(MARKER, "-Dsegstream.test=1", "-jar",
                checkout.resolve("services/cli/target/segstream.jar").toString(), "stream", "--config",
                "segstream.properties"), args.subList(jar - 2, args.size()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"latency", "ceiling", "replay", "soak", "heavy"})
    void givenABenchmarkOfARunningStream_whenLaunched_thenItRunsWithTheStreamsDefaults(String bench)
            throws Exception {
        assertEquals(BENCH, jvmDefaults(dryRun(Map.of(), "bench", bench, "--out", "x.json")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"produce", "analyze", "demo", "infra", "train", "watch", "erase", "bench codec",
            "bench trainer", "bench", "stream --help", "bench latency -h", "--version"})
    void givenAnyOtherCommandOrAHelpRequest_whenLaunched_thenTheJvmKeepsItsOwnDefaults(String command)
            throws Exception {
        assertEquals(List.of(), jvmDefaults(dryRun(Map.of(), command.split(" "))));
    }

    @Test
    void givenNoCommand_whenLaunched_thenNoDefaults() throws Exception {
        assertEquals(List.of(), jvmDefaults(dryRun(Map.of())));
    }

    @Test
    void givenSegstreamJvmDefaultsOff_whenStreamIsLaunched_thenNoDefaults() throws Exception {
        assertEquals(List.of(), jvmDefaults(dryRun(Map.of("SEGSTREAM_JVM_DEFAULTS", "off"), "stream")));
        assertEquals(List.of(), jvmDefaults(dryRun(Map.of("SEGSTREAM_JVM_DEFAULTS", "off"), "bench", "latency")));
    }

    @Test
    void givenTheUsersHeap_whenStreamIsLaunched_thenNoDefaultHeapButTheOtherDefaults() throws Exception {
        List<String> rest = STREAM.subList(2, STREAM.size());
        for (String heap : List.of("-Xmx3g", "-Xms512m", "-XX:MaxHeapSize=3g", "-XX:InitialHeapSize=1g",
                "-XX:MaxRAMPercentage=50", "-XX:InitialRAMPercentage=50", "-XX:MaxRAM=4g")) {
            assertEquals(rest, jvmDefaults(dryRun(Map.of("SEGSTREAM_JAVA_OPTS", heap), "stream")), heap);
        }
        // The JVM reads these two before its command line: the launcher's -Xmx would win over them, so it adds none.
        assertEquals(rest, jvmDefaults(dryRun(Map.of("JAVA_TOOL_OPTIONS", "-Xmx3g"), "stream")));
        assertEquals(rest, jvmDefaults(dryRun(Map.of("JDK_JAVA_OPTIONS", "-Xmx3g"), "stream")));
    }

    @Test
    void givenTheUsersPreTouchCollectorOrOutOfMemoryAction_whenLaunched_thenThatAspectsDefaultsAreDropped()
            throws Exception {
        assertEquals(List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=50",
                "-XX:+ExitOnOutOfMemoryError"), jvmDefaults(dryRun(
                Map.of("SEGSTREAM_JAVA_OPTS", "-XX:-AlwaysPreTouch"), "stream")));
        for (String collector : List.of("-XX:+UseZGC", "-XX:+UseParallelGC", "-XX:+UseG1GC",
                "-XX:MaxGCPauseMillis=20")) {
            assertEquals(List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", "-XX:+ExitOnOutOfMemoryError"),
                    jvmDefaults(dryRun(Map.of("SEGSTREAM_JAVA_OPTS", "-Dx=1 " + collector + " -Dy=2"), "stream")),
                    collector);
        }
        for (String oom : List.of("-XX:-ExitOnOutOfMemoryError", "-XX:+CrashOnOutOfMemoryError",
                "-XX:OnOutOfMemoryError=kill")) {
            assertEquals(STREAM.subList(0, 5), jvmDefaults(dryRun(Map.of("SEGSTREAM_JAVA_OPTS", oom), "stream")),
                    oom);
        }
        // All of them at once, as JAVA_TOOL_OPTIONS: nothing is added.
        assertEquals(List.of(), jvmDefaults(dryRun(Map.of("JAVA_TOOL_OPTIONS",
                "-Xmx2g -XX:+AlwaysPreTouch -XX:+UseZGC -XX:+ExitOnOutOfMemoryError"), "stream")));
        // Options that only look alike do not count.
        assertEquals(STREAM, jvmDefaults(dryRun(Map.of("SEGSTREAM_JAVA_OPTS",
                "-Xss2m -Xmn256m -XX:+UseGCOverheadLimit -XX:+UseStringDeduplication -Dx=-Xmx1g"), "stream")));
    }

    /** The defaults are flags this JVM accepts, with the values meant (pre-touch off here: it is the slow part). */
    @Test
    void givenTheStreamsDefaults_whenTheJvmStartsWithThem_thenItRunsG1WithAFixedHeapAndThePauseGoal()
            throws Exception {
        List<String> command = new ArrayList<>(List.of(javaHome().resolve("bin/java").toString()));
        command.addAll(STREAM);
        command.addAll(List.of("-XX:-AlwaysPreTouch", "-XX:+PrintFlagsFinal", "-version"));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        String flags = run(pb);
        for (String flag : List.of("bool UseG1GC = true", "uintx MaxGCPauseMillis = 50",
                "size_t InitialHeapSize = 1073741824", "size_t MaxHeapSize = 1073741824",
                "bool ExitOnOutOfMemoryError = true")) {
            assertTrue(Arrays.stream(flags.split("\n")).anyMatch(l -> l.replaceAll("\\s+", " ").contains(flag)),
                    flag + " in\n" + flags);
        }
    }

    /** A deployed instance in Kubernetes runs what the launcher gives {@code stream} (there in JAVA_TOOL_OPTIONS). */
    @Test
    void givenTheKubernetesStreamPods_whenTheirJvmOptionsAreRead_thenTheyAreTheLaunchersStreamDefaults()
            throws IOException {
        JsonNode statefulSet = new ObjectMapper(new YAMLFactory()).readTree(
                TestData.repositoryRoot().resolve("deploy/k8s/stream-statefulset.yaml").toFile());
        List<String> options = new ArrayList<>();
        for (JsonNode container : statefulSet.at("/spec/template/spec/containers")) {
            if (container.path("name").asText().equals("stream")) {
                for (JsonNode env : container.path("env")) {
                    if (env.path("name").asText().equals("JAVA_TOOL_OPTIONS")) {
                        options.addAll(List.of(env.path("value").asText().split(" ")));
                    }
                }
            }
        }
        assertEquals(STREAM, options);
    }

    /**
     * The JVM options the launcher adds by default: those between its own {@code -D} options (the last is
     * {@code -Dsegstream.home}) and the user's {@code SEGSTREAM_JAVA_OPTS}, which {@link #dryRun} starts with
     * {@link #MARKER}.
     */
    static List<String> jvmDefaults(List<String> args) {
        int home = -1;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).startsWith("-Dsegstream.home=")) {
                home = i;
            }
        }
        int user = args.indexOf(MARKER);
        assertTrue(home > 0 && user > home && user < args.indexOf("-jar"), "a launcher's java command line: " + args);
        return args.subList(home + 1, user);
    }

    /** The launcher's dry run with only {@code env} set of the variables it reads; its arguments, one per line. */
    private List<String> dryRun(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(checkout.toFile());
        Map<String, String> environment = pb.environment();
        for (String name : List.of("SEGSTREAM_JAVA_OPTS", "SEGSTREAM_JVM_DEFAULTS", "SEGSTREAM_AOT",
                "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS")) {
            environment.remove(name);
        }
        environment.put("JAVA_HOME", javaHome().toString());
        environment.put("SEGSTREAM_LAUNCHER_DRY_RUN", "1");
        environment.putAll(env);
        environment.put("SEGSTREAM_JAVA_OPTS", (MARKER + " " + env.getOrDefault("SEGSTREAM_JAVA_OPTS", "")).strip());
        List<String> lines = run(pb).lines().toList();
        assertEquals(javaHome().resolve("bin/java").toString(), lines.getFirst(), String.join("\n", lines));
        return lines.subList(1, lines.size());
    }

    /** Runs {@code pb} to a 0 exit; its standard output. */
    private static String run(ProcessBuilder pb) throws IOException, InterruptedException {
        Path err = Files.createTempFile("launcher", ".err");
        try {
            Process p = pb.redirectError(err.toFile()).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(1, TimeUnit.MINUTES), "did not exit: " + pb.command());
            assertEquals(0, p.exitValue(), pb.command() + "\n" + out + Files.readString(err));
            return out;
        } finally {
            Files.deleteIfExists(err);
        }
    }

    private static Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }
}
