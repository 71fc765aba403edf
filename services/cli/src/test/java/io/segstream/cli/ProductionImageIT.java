package io.segstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segstream.testing.TestData;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production image as Jib builds it (services/server's {@code image-check} execution): only the stream and the
 * trainer with what they need, every jar Apache-2.0, and its entrypoint's main class answers {@code --help} on the
 * image's own class path.
 */
@Tag("integration")
class ProductionImageIT {

    static final Path IMAGE = TestData.repositoryRoot().resolve("services/server/target/jib-image-check.tar");

    @TempDir
    static Path rootfs;
    static JsonNode config;
    static final TreeSet<String> FILES = new TreeSet<>();

    @BeforeAll
    static void unpack() throws IOException {
        assertTrue(Files.isRegularFile(IMAGE), IMAGE + " is missing: it is built by `./mvnw verify` (services/server's "
                + "image-check execution, in pre-integration-test)");
        ObjectMapper json = new ObjectMapper();
        try (TarFile image = new TarFile(IMAGE)) {
            JsonNode manifest;
            TarArchiveEntry manifestEntry = image.getEntries().stream()
                    .filter(e -> e.getName().equals("manifest.json")).findFirst().orElseThrow();
            try (InputStream in = image.getInputStream(manifestEntry)) {
                manifest = json.readTree(in).get(0);
            }
            for (TarArchiveEntry e : image.getEntries()) {
                if (e.getName().equals(manifest.get("Config").asText())) {
                    try (InputStream in = image.getInputStream(e)) {
                        config = json.readTree(in).get("config");
                    }
                }
            }
            List<String> layers = new ArrayList<>();
            manifest.get("Layers").forEach(l -> layers.add(l.asText()));
            for (TarArchiveEntry e : image.getEntries()) {
                if (layers.contains(e.getName())) {
                    try (InputStream in = image.getInputStream(e)) {
                        unpackLayer(in);
                    }
                }
            }
        }
    }

    static void unpackLayer(InputStream gzipped) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(gzipped));
        for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
            String name = e.getName().replaceAll("/+$", "");
            FILES.add(name);
            Path target = rootfs.resolve(name).normalize();
            assertTrue(target.startsWith(rootfs), "layer entry outside the root: " + name);
            if (e.isDirectory()) {
                Files.createDirectories(target);
            } else if (e.isFile()) {
                Files.createDirectories(target.getParent());
                Files.copy(tar, target);
            }
        }
    }

    @Test
    void holdsNeitherSmileNorApicurioNorTheDevStackNorTheBenchmarks() {
        List<String> libs = FILES.stream().filter(f -> f.startsWith("app/libs/")).map(f -> f.substring(9)).toList();
        assertTrue(libs.stream().anyMatch(l -> l.startsWith("segstream-stream-")), "the stream: " + libs);
        assertTrue(libs.stream().anyMatch(l -> l.startsWith("segstream-trainer-")), "the trainer: " + libs);
        assertTrue(libs.stream().anyMatch(l -> l.startsWith("rocksdbjni-")), "Kafka Streams' state store: " + libs);
        for (String absent : List.of("smile-", "segstream-analysis-", "segstream-devstack-", "segstream-app-",
                "segstream-bench-", "segstream-ingest-", "segstream-test-fixtures-", "segstream-certificates-",
                "apicurio", "kafka_2.13-", "kafka-server-", "ap-loader", "xchart-", "selenium")) {
            assertTrue(libs.stream().noneMatch(l -> l.startsWith(absent)), absent + "* in the production image: " + libs);
        }
        assertTrue(FILES.stream().noneMatch(f -> f.startsWith("opt/")), "no Apicurio, no shipped data: "
                + FILES.stream().filter(f -> f.startsWith("opt/")).toList());
        assertEquals("Apache-2.0", config.get("Labels").get("org.opencontainers.image.licenses").asText());
    }

    @Test
    void entrypointsMainClassAnswersHelpOnTheImagesClassPath() throws IOException, InterruptedException {
        List<String> entrypoint = new ArrayList<>();
        config.get("Entrypoint").forEach(a -> entrypoint.add(a.asText()));
        String main = entrypoint.getLast();
        assertEquals("io.segstream.server.SegstreamServer", main);
        assertEquals("10001:10001", config.get("User").asText());
        String classPath = Files.readString(rootfs.resolve("app/jib-classpath-file")).strip();
        // The image's class path, rooted in the unpacked layers, run by this JDK with the image's JVM flags.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(entrypoint.subList(1, entrypoint.indexOf("-cp")));
        command.addAll(List.of("-cp", classPath.replace("/app/", rootfs + "/app/"), main, "--help"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).directory(rootfs.toFile()).start();
        assertTrue(p.waitFor(1, TimeUnit.MINUTES), "--help did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.startsWith("Usage: segstream"), out);
        for (String command1 : List.of("stream", "train", "watch", "erase")) {
            assertTrue(out.contains("\n  " + command1 + " "), command1 + " missing:\n" + out);
        }
        for (String devOnly : List.of("demo", "infra", "analyze", "bench", "produce")) {
            assertTrue(!out.contains("\n  " + devOnly + " "), devOnly + " in the production command line:\n" + out);
        }
    }
}
