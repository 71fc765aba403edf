package io.segstream.devstack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.segstream.platform.registry.CompatibilityLevel;
import io.segstream.platform.registry.RegistryClientOptions;
import io.segstream.platform.registry.SchemaRegistryClient;
import io.segstream.platform.registry.SchemaRegistryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real Apicurio Registry running as a child JVM on free loopback ports, for the demo and the integration tests.
 * Clients use its Confluent-compatible API at {@link #ccompatUrl()}; global compatibility is set to {@code BACKWARD}
 * (Apicurio's default is {@code NONE}) so it behaves like a Confluent registry.
 *
 * <p>Its schemas live in an H2 database file under the working directory (Apicurio's default is an in-memory H2), so
 * {@link #stop()} and {@link #startAgain()} behave like a restart of a real registry: every id survives, and a schema
 * registered again gets its old id back. {@link #start} begins with an empty registry.
 */
public final class ApicurioRegistry implements AutoCloseable {

    /** System property naming the unpacked Apicurio distribution; the platform build unpacks it into target/. */
    public static final String HOME_PROPERTY = "segstream.apicurio.home";
    /** Roughly four times a cold start on a busy two-core machine. */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(90);

    private static final Logger LOG = LoggerFactory.getLogger(ApicurioRegistry.class);
    private static final String CCOMPAT_PATH = "/apis/ccompat/v7";
    private static final String LOG_FILE = "apicurio-registry.log";
    /** The H2 database of the registry's schemas, relative to the working directory (H2 adds {@code .mv.db}). */
    private static final String STORAGE = "storage/registry";
    private static final int START_ATTEMPTS = 3;
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final int LOG_TAIL_BYTES = 4000;
    /*
     * A small heap and serial GC keep the registry near 250 MB RSS; C1 only halves startup time. Quarkus fixes
     * quarkus.management.enabled at build time, so the management interface is moved to loopback, not disabled.
     */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final Path jar;
    private final Path workDir;
    private final int httpPort;
    private final int managementPort;
    private final String baseUrl;
    private final Path logFile;
    private final Thread shutdownHook;
    private volatile Process process;

    private ApicurioRegistry(Path jar, Path workDir, Path logFile, int httpPort, int managementPort) {
        this.jar = jar;
        this.workDir = workDir;
        this.logFile = logFile;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.baseUrl = "http://127.0.0.1:" + httpPort;
        this.shutdownHook = new Thread(this::stopProcess, "apicurio-registry-shutdown");
    }

    /**
     * The distribution directory named by {@value #HOME_PROPERTY}.
     *
     * @throws IllegalStateException if the property is not set
     */
    public static Path homeFromSystemProperty() {
        String home = System.getProperty(HOME_PROPERTY);
        if (home == null || home.isBlank()) {
            throw new IllegalStateException("System property " + HOME_PROPERTY + " is not set. Point it at an"
                    + " unpacked Apicurio Registry 3.x (the directory holding quarkus-run.jar); the platform build"
                    + " unpacks one into services/platform/target/apicurio.");
        }
        return Path.of(home);
    }

    /** Starts the registry with the default startup timeout; see {@link #start(Path, Path, Duration)}. */
    public static ApicurioRegistry start(Path home, Path workDir) {
        return start(home, workDir, DEFAULT_STARTUP_TIMEOUT);
    }

    /**
     * Starts the registry and waits until its Confluent-compatible API answers.
     *
     * @param home the unpacked distribution, holding {@code quarkus-run.jar}
     * @param workDir where the process runs and writes {@value #LOG_FILE}
     * @param startupTimeout how long to wait for the API to answer before killing the process
     * @throws IllegalStateException if the distribution is missing, or the registry dies or does not answer in time;
     *     the message ends with the tail of its log
     */
    public static ApicurioRegistry start(Path home, Path workDir, Duration startupTimeout) {
        Path jar = home.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No Apicurio Registry at " + home.toAbsolutePath() + ": " + jar.getFileName()
                    + " is missing. Set system property " + HOME_PROPERTY + " to an unpacked Apicurio Registry 3.x"
                    + " (run the platform build's package phase to unpack one into services/platform/target/apicurio).");
        }
        createDirectories(workDir);
        deleteStorage(workDir);
        Path logFile = workDir.resolve(LOG_FILE);
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(jar, workDir, logFile, startupTimeout);
            } catch (PortTakenException e) {
                if (attempt == START_ATTEMPTS) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
                LOG.warn("Apicurio Registry lost its port to another process, retrying: {}", e.getMessage());
            }
        }
    }

    /** The Confluent-compatible API root, e.g. {@code http://127.0.0.1:41234/apis/ccompat/v7}. */
    public String ccompatUrl() {
        return baseUrl + CCOMPAT_PATH;
    }

    /** Where the registry's stdout and stderr go. */
    public Path logFile() {
        return logFile;
    }

    /** The process id of the registry JVM. */
    public long pid() {
        return process.pid();
    }

    /**
     * Stops the registry process (SIGTERM, as an orchestrator would) and keeps its storage for {@link #startAgain()}.
     * Clients see connection refusals until then. Idempotent.
     */
    public synchronized void stop() {
        stopProcess();
    }

    /**
     * Starts the registry again on the same ports and storage and waits until its API answers, within
     * {@link #DEFAULT_STARTUP_TIMEOUT}. Does nothing while it runs.
     *
     * @throws IllegalStateException if it does not come back
     */
    public synchronized void startAgain() {
        if (process.isAlive()) {
            return;
        }
        long started = System.nanoTime();
        process = launch(jar, workDir, logFile, httpPort, managementPort);
        awaitReady(DEFAULT_STARTUP_TIMEOUT);
        LOG.info("Apicurio Registry (pid {}) back at {} in {} ms", process.pid(), ccompatUrl(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Stops the registry and any process it started. Idempotent. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook runs anyway; stopping twice is harmless.
        }
        stopProcess();
    }

    private static ApicurioRegistry startOnce(Path jar, Path workDir, Path logFile, Duration startupTimeout) {
        long started = System.nanoTime();
        ApicurioRegistry registry = new ApicurioRegistry(jar, workDir, logFile, FreePorts.pick(), FreePorts.pick());
        registry.process = launch(jar, workDir, logFile, registry.httpPort, registry.managementPort);
        Runtime.getRuntime().addShutdownHook(registry.shutdownHook);
        try {
            registry.awaitReady(startupTimeout);
            registry.setGlobalCompatibility(CompatibilityLevel.BACKWARD);
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
        LOG.info("Apicurio Registry (pid {}) ready at {} in {} ms; log {}", registry.pid(), registry.ccompatUrl(),
                (System.nanoTime() - started) / 1_000_000, logFile);
        return registry;
    }

    private static Process launch(Path jar, Path workDir, Path logFile, int httpPort, int managementPort) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of(
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + httpPort,
                "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + managementPort,
                "-Dapicurio.datasource.url=jdbc:h2:file:" + workDir.toAbsolutePath().resolve(STORAGE),
                "-jar", jar.toString()));
        try {
            return new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot launch Apicurio Registry with " + java, e);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RegistryClientOptions probe = RegistryClientOptions.of(ccompatUrl())
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2));
        try (SchemaRegistryClient client = SchemaRegistryClient.create(probe)) {
            while (true) {
                if (!process.isAlive()) {
                    String message = "Apicurio Registry exited with code " + process.exitValue()
                            + " before its API answered at " + ccompatUrl();
                    String tail = logTail();
                    // Free ports are only free until someone binds them; another process may have won the race.
                    throw tail.contains("in use") ? new PortTakenException(message + logTailSuffix(tail))
                            : new IllegalStateException(message + logTailSuffix(tail));
                }
                if (answers(client)) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Apicurio Registry did not answer at " + ccompatUrl() + " within "
                            + timeout.toSeconds() + " s" + logTailSuffix(logTail()));
                }
                sleep(POLL_INTERVAL);
            }
        }
    }

    private static boolean answers(SchemaRegistryClient client) {
        try {
            client.subjects();
            return true;
        } catch (SchemaRegistryException notYet) {
            return false;
        }
    }

    private void setGlobalCompatibility(CompatibilityLevel level) {
        try (SchemaRegistryClient client = SchemaRegistryClient.create(RegistryClientOptions.of(ccompatUrl()))) {
            client.setGlobalCompatibility(level);
        }
    }

    private void stopProcess() {
        Process process = this.process;
        if (process == null || !process.isAlive()) {
            return;
        }
        // Quarkus stops cleanly on SIGTERM; children first so none is orphaned when the parent goes.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Apicurio Registry (pid {}) ignored SIGTERM for {} s, killing it", process.pid(),
                        STOP_GRACE.toSeconds());
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private String logTail() {
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long start = Math.max(0, file.length() - LOG_TAIL_BYTES);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<cannot read " + logFile + ": " + e.getMessage() + ">";
        }
    }

    private String logTailSuffix(String tail) {
        return ". Last lines of " + logFile + ":\n" + tail;
    }

    private static void deleteStorage(Path workDir) {
        Path dir = workDir.resolve(STORAGE).getParent();
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot empty the registry storage " + dir, e);
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create working directory " + dir, e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Apicurio Registry to start", e);
        }
    }

    /** The registry exited because its port was taken between picking and binding it; worth another try. */
    private static final class PortTakenException extends IllegalStateException {
        PortTakenException(String message) {
            super(message);
        }
    }
}
