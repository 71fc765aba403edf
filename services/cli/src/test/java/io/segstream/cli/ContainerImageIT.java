package io.segstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.testing.TestData;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image as Jib builds it (the {@code image-check} execution of services/app's pom writes it to
 * {@code target/jib-image-check.tar} before the integration tests, with every setting of the real image but its base,
 * which is empty: no registry is reachable from the build). Its configuration is checked against the launcher, the
 * fat jar and the deploy manifests; its layers are unpacked into a root file system together with a Java runtime
 * where the real base ({@code eclipse-temurin}) has one, {@code /opt/java/openjdk}, and the glibc libraries it needs,
 * and its entrypoint is run there as the image's user, the way a container runtime would run it (a chroot in new
 * mount, PID and network namespaces). That part is skipped where namespaces cannot be created.
 */
@Tag("integration")
class ContainerImageIT {

    static final Path ROOT = TestData.repositoryRoot();
    static final Path TARGET = ROOT.resolve("services/cli/target");
    static final Path IMAGE = TARGET.resolve("jib-image-check.tar");
    /** What an eclipse-temurin image sets: its JRE's home, first on the PATH. */
    static final String BASE_JAVA_HOME = "/opt/java/openjdk";
    static final String BASE_PATH = BASE_JAVA_HOME + "/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** The ./segstream launcher's JVM flags, the same in surefire/failsafe (segstream.jvm.flags). */
    static final List<String> LAUNCHER_FLAGS = List.of("--sun-misc-unsafe-memory-access=allow",
            "--enable-native-access=ALL-UNNAMED");
    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** A file or directory of the image: the index of the layer that adds it, and its permission bits. */
    record Entry(int layer, boolean directory, int mode) {
    }

    @TempDir
    static Path rootfs;
    static JsonNode config;
    static Map<String, Entry> entries = new LinkedHashMap<>();
    static List<String> repoTags = new ArrayList<>();
    static String mainClass;
    static List<String> manifestClassPath;

    @BeforeAll
    static void unpackImage() throws IOException {
        assertTrue(Files.isRegularFile(IMAGE), IMAGE + " is missing: it is built by `./mvnw verify` (services/cli's "
                + "image-check execution, in pre-integration-test)");
        try (TarFile image = new TarFile(IMAGE)) {
            Map<String, TarArchiveEntry> byName = new LinkedHashMap<>();
            image.getEntries().forEach(e -> byName.put(e.getName(), e));
            JsonNode manifest;
            try (InputStream in = image.getInputStream(byName.get("manifest.json"))) {
                manifest = JSON.readTree(in).get(0);
            }
            manifest.get("RepoTags").forEach(t -> repoTags.add(t.asText()));
            try (InputStream in = image.getInputStream(byName.get(manifest.get("Config").asText()))) {
                config = JSON.readTree(in).get("config");
            }
            JsonNode layers = manifest.get("Layers");
            for (int i = 0; i < layers.size(); i++) {
                try (InputStream in = image.getInputStream(byName.get(layers.get(i).asText()))) {
                    unpackLayer(i, in);
                }
            }
        }
        try (JarFile jar = new JarFile(TARGET.resolve("segstream.jar").toFile())) {
            mainClass = jar.getManifest().getMainAttributes().getValue("Main-Class");
            manifestClassPath = Arrays.stream(jar.getManifest().getMainAttributes().getValue("Class-Path").split(" "))
                    .map(p -> p.substring(p.lastIndexOf('/') + 1)).toList();
        }
    }

    /** One layer's files into {@link #rootfs} with their permission bits, recorded in {@link #entries}. */
    static void unpackLayer(int layer, InputStream gzipped) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(gzipped));
        for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
            String name = e.getName().replaceAll("/+$", "");
            Path target = rootfs.resolve(name).normalize();
            assertTrue(target.startsWith(rootfs), "layer entry outside the root: " + e.getName());
            assertFalse(target.getFileName().toString().startsWith(".wh."), "unexpected whiteout " + name);
            if (e.isDirectory()) {
                Files.createDirectories(target);
            } else if (e.isSymbolicLink()) {
                Files.createDirectories(target.getParent());
                Files.createSymbolicLink(target, Path.of(e.getLinkName()));
            } else {
                assertTrue(e.isFile(), "unexpected entry type: " + name);
                Files.createDirectories(target.getParent());
                Files.copy(tar, target);
            }
            if (!e.isSymbolicLink()) {
                Files.setPosixFilePermissions(target, permissions(e.getMode() & 0777));
            }
            entries.put(name, new Entry(layer, e.isDirectory(), e.getMode() & 0777));
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        StringBuilder s = new StringBuilder();
        for (int bit = 8; bit >= 0; bit--) {
            s.append((mode & (1 << bit)) == 0 ? '-' : "rwx".charAt((8 - bit) % 3));
        }
        return PosixFilePermissions.fromString(s.toString());
    }

    static List<String> entrypoint() {
        List<String> list = new ArrayList<>();
        config.get("Entrypoint").forEach(a -> list.add(a.asText()));
        return list;
    }

    static String file(String path) throws IOException {
        return Files.readString(rootfs.resolve(path));
    }

    static Entry entry(String path) {
        Entry e = entries.get(path);
        assertNotNull(e, "the image has no /" + path);
        return e;
    }

    /** The image's {@code /app/libs} jar names. */
    static Set<String> libs() {
        Set<String> libs = new TreeSet<>();
        entries.keySet().stream().filter(p -> p.startsWith("app/libs/")).forEach(p -> libs.add(p.substring(9)));
        return libs;
    }

    static String lib(String prefix) {
        List<String> found = libs().stream().filter(l -> l.startsWith(prefix) && l.endsWith(".jar")).toList();
        assertEquals(1, found.size(), "one " + prefix + "*.jar in /app/libs: " + found);
        return found.getFirst();
    }

    @Test
    void entrypointIsTheLaunchersJavaCommandAndTakesTheSubcommandAsArguments() throws IOException {
        String exec = Files.readAllLines(ROOT.resolve("segstream")).stream()
                .filter(l -> l.startsWith("java_command=(\"$JAVA_HOME/bin/java\"")).findFirst()
                .orElseThrow(() -> new AssertionError("no java command line in the launcher"));
        List<String> launcherFlags = Arrays.stream(exec.split("\\s+")).filter(t -> t.startsWith("--")).toList();
        assertEquals(LAUNCHER_FLAGS, launcherFlags, "the launcher's JVM flags");
        assertEquals("io.segstream.app.Segstream", mainClass, "the jar's Main-Class");

        List<String> expected = new ArrayList<>(List.of("java"));
        expected.addAll(launcherFlags);
        // The launcher's -D paths point into the repository; the image holds those files at these paths.
        expected.addAll(List.of("-Dsegstream.apicurio.home=/opt/apicurio", "-Dsegstream.data.dir=/opt/segstream/data",
                "-cp", "@/app/jib-classpath-file", mainClass));
        assertEquals(expected, entrypoint());
        assertEquals(mainClass, file("app/jib-main-class-file").strip());
        assertTrue(config.path("Cmd").isMissingNode() || config.path("Cmd").isNull() || config.path("Cmd").isEmpty(),
                "no default arguments: compose's command and k8s's args are the whole command line: "
                        + config.path("Cmd"));
        int segstreamServices = 0;
        for (JsonNode service : YAML.readTree(ROOT.resolve("deploy/compose/compose.yaml").toFile()).get("services")) {
            if (service.path("image").asText().startsWith("segstream:")) {
                segstreamServices++;
                assertTrue(service.path("entrypoint").isMissingNode(), "compose keeps the entrypoint: " + service);
                assertTrue(service.path("command").isArray(), "compose gives the arguments: " + service);
            }
        }
        assertEquals(3, segstreamServices, "stream-1, stream-2 and trainer in compose.yaml");
        assertFalse(entry("opt/apicurio/quarkus-run.jar").directory(), "Apicurio for infra and demo");
        assertFalse(entry("opt/segstream/data/online-retail/online_retail.csv.gz").directory(), "the shipped data");
        assertEquals(List.of("segstream-demo:latest", "segstream-demo:" + projectVersion()), repoTags);
    }

    @Test
    void classPathIsTheJarsManifestClassPathInItsOrder() throws IOException {
        List<String> classPath = Arrays.asList(file("app/jib-classpath-file").strip().split(":"));
        assertEquals(List.of("/app/resources", "/app/classes"), classPath.subList(0, 2),
                "the application's own classes first, as segstream.jar is first on the -jar class path");
        List<String> jars = classPath.subList(2, classPath.size()).stream().map(p -> {
            assertTrue(p.startsWith("/app/libs/"), p);
            return p.substring("/app/libs/".length());
        }).toList();
        assertEquals(manifestClassPath, jars, "the fat jar's Class-Path, jar for jar and in the same order");
        assertEquals(new TreeSet<>(jars), libs(), "/app/libs holds exactly the class path");

        for (String prefix : List.of("rocksdbjni-", "kafka-streams-", "kafka-clients-", "smile-core-", "log4j-core-",
                "picocli-", "zstd-jni-", "lz4-java-", "snappy-java-", "segstream-stream-", "segstream-trainer-",
                "segstream-analysis-", "segstream-devstack-")) {
            assertFalse(entry("app/libs/" + lib(prefix)).directory());
        }
        // services/cli has no code of its own: the full command line's classes are in segstream-app's jar.
        assertFalse(entry("app/libs/" + lib("segstream-app-")).directory());
        assertFalse(entry("app/libs/" + lib("segstream-bench-")).directory());
    }

    @Test
    void releasedDependenciesOurModulesAppAndExtrasAreSeparateLayers() {
        int released = entry("app/libs/" + lib("rocksdbjni-")).layer();
        int modules = entry("app/libs/" + lib("segstream-core-")).layer();
        int apicurio = entry("opt/apicurio/quarkus-run.jar").layer();
        assertEquals(3, new TreeSet<>(List.of(released, modules, apicurio)).size(),
                "a code change rebuilds only the small layers: " + List.of(released, modules, apicurio));
        entries.forEach((path, e) -> {
            if (e.layer() == released && path.endsWith(".jar")) {
                assertFalse(path.contains("SNAPSHOT"), path + " in the released dependencies' layer");
            }
        });
        assertEquals(modules, entry("app/libs/" + lib("segstream-stream-")).layer());
    }

    @Test
    void runsAsTheNonRootUserOfTheManifestsInAWritableWorkingDirectoryVolume() throws IOException {
        assertEquals("10001:10001", config.get("User").asText());
        for (String manifest : List.of("stream-statefulset.yaml", "trainer-deployment.yaml")) {
            JsonNode security = YAML.readTree(ROOT.resolve("deploy/k8s").resolve(manifest).toFile())
                    .at("/spec/template/spec/securityContext");
            assertEquals(config.get("User").asText(),
                    security.get("runAsUser").asText() + ":" + security.get("runAsGroup").asText(), manifest);
        }
        String workDir = config.get("WorkingDir").asText();
        assertEquals("/var/lib/segstream", workDir);
        assertEquals(List.of(workDir), fieldNames(config.get("Volumes")));
        Entry dir = entry(workDir.substring(1));
        assertTrue(dir.directory());
        assertEquals("777", Integer.toOctalString(dir.mode()), "writable by any user (Jib's layers are owned by root)");

        Properties k8s = new Properties();
        k8s.load(new StringReader(YAML.readTree(ROOT.resolve("deploy/k8s/configmap.yaml").toFile())
                .at("/data/segstream.properties").asText()));
        Properties compose = new Properties();
        try (var in = Files.newBufferedReader(ROOT.resolve("deploy/compose/segstream.properties"))) {
            compose.load(in);
        }
        for (Properties p : List.of(k8s, compose)) {
            assertEquals(workDir + "/state", p.getProperty(SegstreamConfig.STATE_DIR),
                    "Kafka Streams' state in the image's volume");
        }
    }

    @Test
    void exposesTheQueryApiAndMetricsPortsTheManifestsUse() throws IOException {
        SegstreamConfig defaults = SegstreamConfig.load(Optional.empty(), Map.of());
        List<String> ports = List.of(defaults.require(SegstreamConfig.API_PORT) + "/tcp",
                defaults.require(SegstreamConfig.METRICS_PORT) + "/tcp");
        assertEquals(List.of("7070/tcp", "7071/tcp"), ports);
        assertEquals(ports, fieldNames(config.get("ExposedPorts")));
        JsonNode stream = YAML.readTree(ROOT.resolve("deploy/k8s/stream-statefulset.yaml").toFile())
                .at("/spec/template/spec/containers/0/ports");
        List<String> k8sPorts = new ArrayList<>();
        stream.forEach(p -> k8sPorts.add(p.get("containerPort").asText() + "/tcp"));
        assertEquals(ports, k8sPorts);
    }

    @Test
    void labelsNameTheImageAndItsLicences() {
        JsonNode labels = config.get("Labels");
        assertEquals("segstream-demo", labels.get("org.opencontainers.image.title").asText());
        assertEquals(projectVersion(), labels.get("org.opencontainers.image.version").asText());
        // segstream is Apache-2.0; Smile, which the analysis module uses, is GPL-3.0-or-later, and it is in the image.
        lib("smile-core-");
        assertEquals("Apache-2.0 AND GPL-3.0-or-later", labels.get("org.opencontainers.image.licenses").asText());
    }

    @Test
    void rocksDbsGlibcLibraryIsInItsJar() throws IOException {
        try (JarFile jar = new JarFile(rootfs.resolve("app/libs/" + lib("rocksdbjni-")).toFile())) {
            assertNotNull(jar.getEntry("librocksdbjni-linux64.so"), "RocksDB's JNI library for x86-64 glibc");
        }
    }

    /**
     * The entrypoint run in the image's file system, as its user, in its working directory: the command line
     * answers, and every bundled native library loads without a warning (the image's JVM flags allow native access).
     * Without {@code --enable-native-access} the same check warns, so the absence of warnings means something.
     */
    @Test
    void entrypointRunsInTheImagesFileSystemAsItsUserAndLoadsTheNativeLibraries() throws Exception {
        Runner run = Runner.prepare();

        Result help = run.image(List.of("--help"));
        assertEquals(0, help.exit(), help.output());
        assertTrue(help.output().startsWith("Usage: segstream"), help.output());
        for (String command : List.of("stream", "train", "produce", "infra", "demo", "analyze", "bench")) {
            assertTrue(Pattern.compile("(?m)^\\s+" + command + "\\s").matcher(help.output()).find(),
                    command + " missing in:\n" + help.output());
        }
        Result infra = run.image(List.of("infra", "--help"));
        assertEquals(0, infra.exit(), infra.output());
        assertTrue(infra.output().startsWith("Usage: segstream infra"), infra.output());

        Result natives = run.nativeCheck(entrypoint());
        assertEquals(0, natives.exit(), natives.output());
        assertEquals("rocksdb ok librocksdbjni-linux64.so\nzstd ok\nlz4 ok\nsnappy ok\n", natives.output());
        Path state = rootfs.resolve("var/lib/segstream/state/native-check");
        assertEquals(10001, Files.getAttribute(state, "unix:uid"), "written by the image's user");
        assertEquals(10001, Files.getAttribute(rootfs.resolve("var/lib/segstream/logs"), "unix:uid"));

        List<String> withoutNativeAccess = new ArrayList<>(entrypoint());
        withoutNativeAccess.remove("--enable-native-access=ALL-UNNAMED");
        Result warned = run.nativeCheck(withoutNativeAccess);
        assertEquals(0, warned.exit(), warned.output());
        assertTrue(warned.output().contains("WARNING: A restricted method"), warned.output());
    }

    /** Exit code and combined stdout and stderr of a command run in the image. */
    record Result(int exit, String output) {
    }

    /** Runs commands in {@link #rootfs}, completed with what the base image provides. */
    record Runner(String unshare, String mount) {

        static Runner prepare() throws IOException, InterruptedException {
            Assumptions.assumeTrue(System.getProperty("os.name").equals("Linux")
                    && System.getProperty("os.arch").equals("amd64"), "running the image needs Linux on x86-64");
            Optional<String> unshare = onPath("unshare");
            Optional<String> mount = onPath("mount");
            Assumptions.assumeTrue(unshare.isPresent() && mount.isPresent() && onPath("ldd").isPresent(),
                    "unshare, mount or ldd not installed: not running the image");
            Result probe = exec(List.of(unshare.get(), "--mount", "--pid", "--fork", "--net", "true"), Map.of());
            Assumptions.assumeTrue(probe.exit() == 0,
                    "cannot create mount, PID and network namespaces here (root or CAP_SYS_ADMIN needed): "
                            + probe.output());
            Optional<ToolProvider> jlink = ToolProvider.findFirst("jlink");
            Assumptions.assumeTrue(jlink.isPresent(), "no jlink in " + System.getProperty("java.home"));

            // The root of a container's file system (JUnit makes its temporary directories owner-only).
            Files.setPosixFilePermissions(rootfs, permissions(0755));
            Path javaHome = rootfs.resolve(BASE_JAVA_HOME.substring(1));
            Files.createDirectories(javaHome.getParent());
            String modules = String.join(",", jreModules());
            int linked = jlink.get().run(System.out, System.err, "--add-modules", modules, "--strip-debug",
                    "--no-header-files", "--no-man-pages", "--output", javaHome.toString());
            assertEquals(0, linked, "jlink");
            copyLibraries(javaHome);
            Path tmp = Files.createDirectories(rootfs.resolve("tmp"));
            Files.setPosixFilePermissions(tmp, permissions(0777));
            exec(List.of("chmod", "1777", tmp.toString()), Map.of());
            Files.createDirectories(rootfs.resolve("proc"));
            Files.createDirectories(rootfs.resolve("dev"));
            Files.createDirectories(rootfs.resolve("etc"));
            // What a container runtime writes: the container's own name resolves.
            String hostname = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            Files.writeString(rootfs.resolve("etc/hosts"), "127.0.0.1 localhost " + hostname + "\n");
            return new Runner(unshare.get(), mount.get());
        }

        /**
         * The modules of a JRE: the running JDK's, less its development tools (compiler, jshell, jlink, debugger...).
         */
        static List<String> jreModules() {
            Set<String> tools = Set.of("jdk.compiler", "jdk.javadoc", "jdk.jshell", "jdk.jdeps", "jdk.jlink",
                    "jdk.jpackage", "jdk.jartool", "jdk.jconsole", "jdk.hotspot.agent", "jdk.jdi", "jdk.jstatd",
                    "jdk.editpad", "jdk.jcmd", "jdk.internal.ed", "jdk.internal.le", "jdk.internal.opt");
            return ModuleFinder.ofSystem().findAll().stream().map(ModuleReference::descriptor)
                    .map(d -> d.name()).filter(n -> !tools.contains(n)).sorted().toList();
        }

        /**
         * The shared libraries that the runtime and the JNI libraries in the image's jars link against (glibc,
         * libstdc++, ...), copied from this machine to the same paths in the image's root: the base image's part.
         */
        static void copyLibraries(Path javaHome) throws IOException, InterruptedException {
            List<Path> binaries = new ArrayList<>();
            binaries.add(javaHome.resolve("bin/java"));
            try (Stream<Path> files = Files.walk(javaHome.resolve("lib"))) {
                files.filter(f -> f.toString().endsWith(".so")).forEach(binaries::add);
            }
            Path jni = Files.createDirectories(rootfs.resolve("tmp/jni-libraries"));
            Pattern linuxX64 = Pattern.compile("(librocksdbjni-linux64\\.so|linux/amd64/.*\\.so|Linux/x86_64/.*\\.so)");
            try (Stream<Path> jars = Files.list(rootfs.resolve("app/libs"))) {
                for (Path jar : jars.toList()) {
                    try (JarFile j = new JarFile(jar.toFile())) {
                        for (var e : j.stream().filter(e -> linuxX64.matcher(e.getName()).matches()).toList()) {
                            Path out = jni.resolve(binaries.size() + "-" + Path.of(e.getName()).getFileName());
                            try (InputStream in = j.getInputStream(e)) {
                                Files.copy(in, out);
                            }
                            binaries.add(out);
                        }
                    }
                }
            }
            Pattern resolved = Pattern.compile("(?:=>\\s+)?(/\\S+)\\s+\\(0x");
            Set<String> libraries = new TreeSet<>();
            for (Path binary : binaries) {
                Result ldd = exec(List.of("ldd", binary.toString()), Map.of());
                Matcher m = resolved.matcher(ldd.output());
                while (m.find()) {
                    if (!m.group(1).startsWith(rootfs.toString())) {
                        libraries.add(m.group(1));
                    }
                }
            }
            assertTrue(libraries.stream().anyMatch(l -> l.endsWith("/libc.so.6")), "ldd found no libc: " + libraries);
            assertTrue(libraries.stream().anyMatch(l -> l.endsWith("/libstdc++.so.6")),
                    "RocksDB links libstdc++: " + libraries);
            for (String library : libraries) {
                Path target = rootfs.resolve(library.substring(1));
                Files.createDirectories(target.getParent());
                if (!Files.exists(target)) {
                    Files.copy(Path.of(library), target);
                }
            }
        }

        /** The image's entrypoint with {@code args}, as the container runtime starts it. */
        Result image(List<String> args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(entrypoint());
            command.addAll(args);
            return inImage(command);
        }

        /** {@link ImageNativeCheck} on the image's class path, with the JVM flags of {@code entrypoint}. */
        Result nativeCheck(List<String> entrypoint) throws IOException, InterruptedException, URISyntaxException {
            Path checkClasses = rootfs.resolve("check");
            String classFile = ImageNativeCheck.class.getName().replace('.', '/') + ".class";
            Path source = Path.of(ImageNativeCheck.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .resolve(classFile);
            Files.createDirectories(checkClasses.resolve(classFile).getParent());
            Files.copy(source, checkClasses.resolve(classFile), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            int cp = entrypoint.indexOf("-cp");
            List<String> command = new ArrayList<>(entrypoint.subList(0, cp));
            command.addAll(List.of("-cp", file("app/jib-classpath-file").strip() + ":/check",
                    ImageNativeCheck.class.getName(), "state/native-check"));
            return inImage(command);
        }

        /**
         * {@code command} with the image's root, working directory, user and environment (the base image's PATH and
         * JAVA_HOME plus the image's own variables), in new mount, PID and network namespaces with /proc and /dev.
         */
        Result inImage(List<String> command) throws IOException, InterruptedException {
            String user = config.get("User").asText();
            List<String> full = new ArrayList<>(List.of(unshare, "--mount", "--pid", "--fork", "--net",
                    "--propagation", "private", "/bin/sh", "-c",
                    "\"$1\" -t proc proc \"$2/proc\" && \"$1\" --rbind /dev \"$2/dev\" && m=$1 r=$2 w=$3 u=$4"
                            + " && shift 4 && exec \"$0\" --root \"$r\" --wd \"$w\" --setuid \"${u%:*}\""
                            + " --setgid \"${u#*:}\" \"$@\"",
                    unshare, mount, rootfs.toString(), config.get("WorkingDir").asText(), user));
            full.addAll(command);
            Map<String, String> env = new LinkedHashMap<>();
            env.put("PATH", BASE_PATH);
            env.put("JAVA_HOME", BASE_JAVA_HOME);
            config.path("Env").forEach(v -> {
                String[] kv = v.asText().split("=", 2);
                env.put(kv[0], kv[1]);
            });
            return exec(full, env);
        }

        static Result exec(List<String> command, Map<String, String> environment)
                throws IOException, InterruptedException {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            if (!environment.isEmpty()) {
                pb.environment().clear();
                pb.environment().putAll(environment);
            }
            Path out = Files.createTempFile("image-run", ".out");
            try {
                Process p = pb.redirectOutput(out.toFile()).start();
                p.getOutputStream().close();
                if (!p.waitFor(2, TimeUnit.MINUTES)) {
                    p.destroyForcibly().waitFor();
                    throw new AssertionError(command + " did not finish within 2 minutes:\n" + Files.readString(out));
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.delete(out);
            }
        }

        static Optional<String> onPath(String name) {
            return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                    .map(d -> Path.of(d, name)).filter(Files::isExecutable).map(Path::toString).findFirst();
        }
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The project version, from the name of one of our modules' jars in the image. */
    static String projectVersion() {
        String core = lib("segstream-core-");
        return core.substring("segstream-core-".length(), core.length() - ".jar".length());
    }
}
