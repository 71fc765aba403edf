package io.segstream.app.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.segstream.app.Segstream;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.stream.runtime.StreamApp;
import io.segstream.testing.RequiredTool;
import io.segstream.testing.TestData;
import io.segstream.trainer.settings.TrainerSettings;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParseResult;

/**
 * {@code deploy/compose/compose.yaml} checked without a Docker engine: it is valid against the vendored Compose
 * Specification schema (and the schema does reject misspelt keys), every host path it mounts exists, the segstream
 * services' command lines parse with segstream's own CLI and their settings (read with segstream's own config code)
 * reach the compose broker and registry, each stream instance advertises a distinct, resolvable query API address,
 * Prometheus scrapes every segstream metrics port and loads deploy/prometheus's rules, and Grafana's datasource is
 * the compose Prometheus. Where {@code docker-compose} or the {@code docker compose} plugin is installed, it parses
 * the file too; {@code promtool} (which CI installs) checks Prometheus's configuration as the container sees it.
 */
class ComposeFileTest {

    private static final Path ROOT = TestData.repositoryRoot();
    private static final Path COMPOSE_DIR = ROOT.resolve("deploy/compose");
    private static final Path COMPOSE_FILE = COMPOSE_DIR.resolve("compose.yaml");
    private static final Path SCHEMA_FILE = COMPOSE_DIR.resolve("compose-spec.json");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String PROMETHEUS_CONFIG = "/etc/prometheus/prometheus.yml";

    @Test
    void givenComposeFile_whenValidatedAgainstComposeSpec_thenNoErrors() throws IOException {
        List<Error> errors = validate(compose());

        assertEquals(List.of(), errors.stream().map(e -> e.getInstanceLocation() + " " + e.getMessage()).toList());
    }

    @Test
    void givenMisspeltKeysOrAnUnknownValue_whenValidated_thenEachCopyIsRejectedNamingTheKey() throws IOException {
        ObjectNode servicesMisspelt = compose();
        servicesMisspelt.set("servces", servicesMisspelt.remove("services"));
        ObjectNode imageMisspelt = compose();
        ObjectNode stream1 = (ObjectNode) imageMisspelt.path("services").path("stream-1");
        stream1.set("imagee", stream1.remove("image"));
        ObjectNode conditionUnknown = compose();
        ((ObjectNode) conditionUnknown.path("services").path("stream-1").path("depends_on").path("kafka"))
                .put("condition", "service_ready");

        assertRejected(servicesMisspelt, "servces");
        assertRejected(imageMisspelt, "imagee");
        assertRejected(conditionUnknown, "condition");
    }

    @Test
    void givenBindMounts_thenEveryHostPathExistsInTheRepository() throws IOException {
        int mounts = 0;
        for (Map.Entry<String, JsonNode> service : compose().path("services").properties()) {
            for (Mount mount : mounts(service.getValue())) {
                assertTrue(Files.exists(mount.host()), service.getKey() + " mounts " + mount.host() + ", missing");
                assertTrue(mount.host().startsWith(ROOT), mount.host() + " is outside the repository");
                mounts++;
            }
        }
        assertTrue(mounts >= 8, "expected the segstream, Prometheus and Grafana mounts, found " + mounts);
    }

    @Test
    void givenStreamAndTrainer_whenTheirSettingsAreRead_thenBrokerAndRegistryAreComposeServices() throws IOException {
        JsonNode services = compose().path("services");
        List<String> segstream = segstreamServices(services, "stream");
        segstream.addAll(segstreamServices(services, "train"));
        assertEquals(3, segstream.size(), "stream-1, stream-2 and the trainer: " + segstream);

        for (String name : segstream) {
            SegstreamConfig config = settings(services, name);
            for (String address : config.require(SegstreamConfig.BOOTSTRAP_SERVERS).split(",")) {
                String host = address.substring(0, address.lastIndexOf(':'));
                JsonNode kafka = services.path(host);
                assertTrue(kafka.path("image").asText().startsWith("apache/kafka:"),
                        name + ": bootstrap server " + address + " is not the compose broker");
                String advertised = kafka.path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText();
                assertTrue(advertised.contains("://" + address), name + ": " + address + " is not advertised ("
                        + advertised + ")");
            }
            URI registry = URI.create(config.require(SegstreamConfig.REGISTRY_URL));
            assertTrue(services.path(registry.getHost()).path("image").asText().startsWith("apicurio/apicurio-registry:"),
                    name + ": " + registry + " is not the compose registry");
            assertEquals(8080, registry.getPort(), name + ": Apicurio's port");
            assertEquals("/apis/ccompat/v7", registry.getPath(), name + ": Apicurio's Confluent-compatible API");
        }
        // The trainer's own settings parse (the stream's are parsed below through StreamApp).
        TrainerSettings.from(settings(services, segstreamServices(services, "train").getFirst()));
    }

    @Test
    void givenTwoStreamInstances_thenEachAdvertisesItsOwnServiceNameAndAStaticIdentityOfItsOwn() throws IOException {
        JsonNode services = compose().path("services");
        List<String> streams = segstreamServices(services, "stream");
        assertEquals(2, streams.size(), "two stream instances: " + streams);

        Set<String> applicationServers = new HashSet<>();
        Set<String> instanceIds = new HashSet<>();
        for (String name : streams) {
            Properties streamsProps = StreamApp.streamsProperties(settings(services, name));
            String server = streamsProps.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG);
            String host = server.substring(0, server.lastIndexOf(':'));
            // The other instance forwards queries to application.server: it must be this service's network name.
            assertEquals(name, host, name + " advertises " + server);
            String ports = services.path(name).path("ports").toString();
            assertTrue(ports.contains(":" + server.substring(server.lastIndexOf(':') + 1) + "\""),
                    name + ": the API port " + server + " is published (" + ports + ")");
            applicationServers.add(server);
            instanceIds.add(streamsProps.getProperty(CommonClientConfigs.GROUP_INSTANCE_ID_CONFIG));
        }
        assertEquals(2, applicationServers.size(), "distinct application.server: " + applicationServers);
        assertEquals(2, instanceIds.size(), "distinct group.instance.id: " + instanceIds);
        assertEquals(stripInstanceSettings(services.path(streams.get(0))),
                stripInstanceSettings(services.path(streams.get(1))), "the instances differ only in name and port");
    }

    @Test
    void givenPrometheusMounts_thenItScrapesEverySegstreamMetricsPortAndLoadsTheRules() throws IOException {
        JsonNode services = compose().path("services");
        String prometheus = serviceWithImage(services, "prom/prometheus:");
        JsonNode config = YAML.readTree(hostPath(services.path(prometheus), PROMETHEUS_CONFIG).toFile());

        Set<String> targets = new TreeSet<>();
        for (JsonNode job : config.path("scrape_configs")) {
            for (JsonNode staticConfig : job.path("static_configs")) {
                staticConfig.path("targets").forEach(target -> targets.add(target.asText()));
            }
        }
        List<String> segstream = segstreamServices(services, "stream");
        segstream.addAll(segstreamServices(services, "train"));
        Set<String> expected = new TreeSet<>();
        for (String name : segstream) {
            SegstreamConfig settings = settings(services, name);
            assertEquals("0.0.0.0", settings.require(SegstreamConfig.METRICS_HOST),
                    name + ": metrics must be reachable from the Prometheus container");
            expected.add(name + ":" + settings.getInt(SegstreamConfig.METRICS_PORT));
        }
        assertEquals(expected, targets);

        Set<String> loaded = new TreeSet<>();
        for (JsonNode ruleFile : config.path("rule_files")) {
            String pattern = Path.of(PROMETHEUS_CONFIG).resolveSibling(ruleFile.asText()).toString();
            Path dir = hostPath(services.path(prometheus), Path.of(pattern).getParent().toString());
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + Path.of(pattern).getFileName());
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> matcher.matches(f.getFileName())).forEach(f -> loaded.add(f.getFileName().toString()));
            }
        }
        Set<String> shipped = new TreeSet<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("deploy/prometheus/rules"))) {
            files.forEach(f -> shipped.add(f.getFileName().toString()));
        }
        assertFalse(shipped.isEmpty());
        assertEquals(shipped, loaded, "every rule file of deploy/prometheus/rules is loaded");
    }

    @Test
    void givenGrafanaMounts_thenTheDashboardIsProvisionedWithTheComposePrometheusAsItsDatasource() throws IOException {
        JsonNode services = compose().path("services");
        JsonNode grafana = services.path(serviceWithImage(services, "grafana/grafana:"));
        String prometheus = serviceWithImage(services, "prom/prometheus:");

        Path datasources = hostPath(grafana, "/etc/grafana/provisioning/datasources");
        Set<String> uids = new TreeSet<>();
        try (Stream<Path> files = Files.list(datasources)) {
            for (Path file : files.toList()) {
                for (JsonNode source : YAML.readTree(file.toFile()).path("datasources")) {
                    assertEquals(URI.create("http://" + prometheus + ":9090"), URI.create(source.path("url").asText()));
                    uids.add(source.path("uid").asText());
                }
            }
        }
        Path providers = hostPath(grafana, "/etc/grafana/provisioning/dashboards");
        int dashboards = 0;
        try (Stream<Path> files = Files.list(providers)) {
            for (Path file : files.toList()) {
                for (JsonNode provider : YAML.readTree(file.toFile()).path("providers")) {
                    Path dir = hostPath(grafana, provider.path("options").path("path").asText());
                    try (Stream<Path> jsons = Files.list(dir)) {
                        for (Path json : jsons.filter(p -> p.toString().endsWith(".json")).toList()) {
                            Set<String> used = new TreeSet<>(
                                    new ObjectMapper().readTree(json.toFile()).findValuesAsText("uid"));
                            used.removeIf(uid -> !uid.contains("prometheus"));
                            assertFalse(used.isEmpty(), json + " names no Prometheus datasource");
                            assertTrue(uids.containsAll(used), json + " uses " + used + ", provisioned " + uids);
                            dashboards++;
                        }
                    }
                }
            }
        }
        assertTrue(dashboards >= 1, "no dashboard provisioned");
    }

    @Test
    void givenPublishedPortsAndSecrets_thenOnlyLoopbackListensAndNoSecretIsInTheFile() throws IOException {
        JsonNode services = compose().path("services");
        int published = 0;
        for (var service : services.properties()) {
            for (JsonNode port : service.getValue().path("ports")) {
                assertTrue(port.isTextual() && port.asText().startsWith("127.0.0.1:"),
                        service.getKey() + " publishes " + port + " beyond the loopback interface");
                published++;
            }
            String image = service.getValue().path("image").asText();
            String tag = image.substring(image.lastIndexOf(':') + 1);
            assertFalse(image.lastIndexOf(':') < 0 || tag.equals("latest"), service.getKey() + " image " + image);
        }
        assertTrue(published >= 6, "kafka, registry, two stream instances, prometheus and grafana publish ports");

        JsonNode grafana = services.path(serviceWithImage(services, "grafana/grafana:")).path("environment");
        assertEquals("false", grafana.path("GF_AUTH_ANONYMOUS_ENABLED").asText());
        assertEquals("false", grafana.path("GF_USERS_ALLOW_SIGN_UP").asText());
        assertTrue(grafana.path("GF_AUTH_ANONYMOUS_ORG_ROLE").isMissingNode());
        assertTrue(grafana.path("GF_SECURITY_ADMIN_PASSWORD").asText().matches("\\$\\{GRAFANA_ADMIN_PASSWORD:\\?.+}"),
                "the admin password comes from the environment, required: " + grafana);

        for (String name : segstreamServices(services, "stream")) {
            JsonNode env = services.path(name).path("environment");
            assertTrue(env.path("SEGSTREAM_API_TOKEN").asText().matches("\\$\\{SEGSTREAM_API_TOKEN:\\?.+}"),
                    name + " takes the API token from the environment, required: " + env);
            SegstreamConfig settings = settings(services, name);
            assertFalse(Boolean.parseBoolean(settings.get("segstream.api.open").orElse("false")),
                    name + " keeps customer data closed");
        }
    }

    @Test
    void givenImages_thenBrokerAndRegistryAreTheVersionsTheBuildTestsAgainst() throws IOException {
        String pom = Files.readString(ROOT.resolve("pom.xml"), StandardCharsets.UTF_8);
        JsonNode services = compose().path("services");

        assertEquals("apache/kafka:" + pomProperty(pom, "kafka.version"),
                services.path(serviceWithImage(services, "apache/kafka:")).path("image").asText());
        assertEquals("apicurio/apicurio-registry:" + pomProperty(pom, "apicurio.version"),
                services.path(serviceWithImage(services, "apicurio/apicurio-registry:")).path("image").asText());
    }

    @Test
    void givenDockerCompose_whenItParsesTheFile_thenItAcceptsItAndRejectsAMisspeltKey(@TempDir Path tmp)
            throws Exception {
        List<String> compose = dockerCompose();
        Assumptions.assumeFalse(compose.isEmpty(),
                "neither docker-compose nor the docker compose plugin is installed: skipping `config -q`");

        Result accepted = run(concat(compose, "-f", COMPOSE_FILE.toString(), "config", "-q"), COMPOSE_DIR);
        assertEquals(0, accepted.exitCode(), accepted.output());

        Path misspelt = tmp.resolve("compose.yaml");
        Files.writeString(misspelt, Files.readString(COMPOSE_FILE).replace("\nservices:", "\nservces:"));
        Result rejected = run(concat(compose, "-f", misspelt.toString(), "config", "-q"), tmp);
        assertNotEquals(0, rejected.exitCode(), rejected.output());
    }

    @Test
    void givenPromtool_whenItChecksTheConfigAsTheContainerSeesIt_thenConfigAndRulesAreValid(@TempDir Path tmp)
            throws Exception {
        Path promtool = RequiredTool.require("promtool", "apt-get install -y prometheus");
        JsonNode prometheus = compose().path("services").path(serviceWithImage(compose().path("services"),
                "prom/prometheus:"));
        // Rebuild /etc/prometheus from the mounts, so relative rule_files resolve as in the container.
        for (Mount mount : mounts(prometheus)) {
            Path container = Path.of(mount.container());
            if (container.startsWith("/etc/prometheus")) {
                Path target = tmp.resolve(Path.of("/etc/prometheus").relativize(container).toString());
                copy(mount.host(), target);
            }
        }

        Result result = run(List.of(promtool.toString(), "check", "config", "prometheus.yml"), tmp);

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("SUCCESS"), result.output());
    }

    // --- compose model ----------------------------------------------------------------------------------------------

    private record Mount(Path host, String container) {
    }

    private static ObjectNode compose() throws IOException {
        return (ObjectNode) YAML.readTree(COMPOSE_FILE.toFile());
    }

    private static List<Error> validate(JsonNode document) throws IOException {
        JsonNode schemaNode = new YAMLMapper().readTree(SCHEMA_FILE.toFile());
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
        Schema schema = registry.getSchema(SchemaLocation.of(SCHEMA_FILE.toUri().toString()), schemaNode);
        return schema.validate(document);
    }

    private static void assertRejected(JsonNode document, String key) throws IOException {
        List<Error> errors = validate(document);
        assertFalse(errors.isEmpty(), "a copy with '" + key + "' passed validation");
        assertTrue(errors.stream().anyMatch(e -> (e.getInstanceLocation() + " " + e.getMessage()).contains(key)),
                "no error names '" + key + "': " + errors);
    }

    /** Short-syntax bind mounts (relative or absolute host paths) and long-syntax mounts of type bind. */
    private static List<Mount> mounts(JsonNode service) {
        List<Mount> mounts = new ArrayList<>();
        for (JsonNode volume : service.path("volumes")) {
            if (volume.isTextual()) {
                String[] parts = volume.asText().split(":");
                if (parts[0].startsWith(".") || parts[0].startsWith("/")) {
                    mounts.add(new Mount(COMPOSE_DIR.resolve(parts[0]).normalize(), parts[1]));
                }
            } else if ("bind".equals(volume.path("type").asText())) {
                mounts.add(new Mount(COMPOSE_DIR.resolve(volume.path("source").asText()).normalize(),
                        volume.path("target").asText()));
            }
        }
        return mounts;
    }

    /** Where the container's {@code containerPath} comes from on the host, through the service's bind mounts. */
    private static Path hostPath(JsonNode service, String containerPath) {
        Path wanted = Path.of(containerPath);
        for (Mount mount : mounts(service)) {
            Path target = Path.of(mount.container());
            if (wanted.startsWith(target)) {
                return mount.host().resolve(target.relativize(wanted).toString());
            }
        }
        return fail(containerPath + " is not mounted from the repository");
    }

    private static String serviceWithImage(JsonNode services, String imagePrefix) {
        List<String> names = new ArrayList<>();
        services.properties().forEach(e -> {
            if (e.getValue().path("image").asText().startsWith(imagePrefix)) {
                names.add(e.getKey());
            }
        });
        assertEquals(1, names.size(), "one service with image " + imagePrefix + "*: " + names);
        return names.getFirst();
    }

    /** The services running {@code segstream <subcommand>}. */
    private static List<String> segstreamServices(JsonNode services, String subcommand) {
        List<String> names = new ArrayList<>();
        services.properties().forEach(e -> {
            if (e.getValue().path("image").asText().startsWith("segstream:")
                    && subcommand.equals(e.getValue().path("command").path(0).asText())) {
                names.add(e.getKey());
            }
        });
        return names;
    }

    /**
     * The service's segstream settings as the command would load them: its command line parsed by segstream's own
     * CLI, the {@code --config} file read from where the service mounts it, {@code -D} settings applied on top.
     */
    private static SegstreamConfig settings(JsonNode services, String name) {
        JsonNode service = services.path(name);
        List<String> args = new ArrayList<>();
        service.path("command").forEach(arg -> args.add(arg.asText()));
        ParseResult parsed = Segstream.commandLine().parseArgs(args.toArray(String[]::new));
        ParseResult command = parsed.subcommand();
        Path config = command.matchedOptionValue("--config", (Path) null);
        assertTrue(config != null, name + " runs without --config");
        assertTrue(command.matchedOptionValue("-b", (String) null) == null
                && command.matchedOptionValue("-r", (String) null) == null, name + ": settings belong in the file");
        Map<String, String> overrides = new LinkedHashMap<>(command.matchedOptionValue("-D", Map.<String, String>of()));
        return SegstreamConfig.load(Optional.of(hostPath(service, config.toString())), overrides);
    }

    private static JsonNode stripInstanceSettings(JsonNode service) {
        ObjectNode copy = service.deepCopy();
        copy.remove(List.of("hostname", "ports"));
        String command = copy.path("command").toString().replaceAll("stream-\\d", "stream-N");
        copy.put("command", command);
        return copy;
    }

    private static String pomProperty(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertTrue(m.find(), "pom.xml has no " + name);
        return m.group(1).trim();
    }

    // --- external tools ---------------------------------------------------------------------------------------------

    private record Result(int exitCode, String output) {
    }

    /** {@code docker-compose}, else {@code docker compose} when the plugin answers, else empty. */
    private static List<String> dockerCompose() throws Exception {
        Optional<Path> standalone = onPath("docker-compose");
        if (standalone.isPresent()) {
            return List.of(standalone.get().toString());
        }
        Optional<Path> docker = onPath("docker");
        if (docker.isPresent() && run(List.of(docker.get().toString(), "compose", "version"), COMPOSE_DIR)
                .exitCode() == 0) {
            return List.of(docker.get().toString(), "compose");
        }
        return List.of();
    }

    private static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Optional.of(Path.of(dir, name));
            }
        }
        return Optional.empty();
    }

    private static Result run(List<String> command, Path dir) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(command + " did not finish within 60 s");
        }
        return new Result(process.exitValue(), String.join(" ", command) + "\n"
                + new String(output, StandardCharsets.UTF_8));
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    private static void copy(Path source, Path target) throws IOException {
        if (Files.isDirectory(source)) {
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(source)) {
                for (Path file : files.toList()) {
                    copy(file, target.resolve(file.getFileName().toString()));
                }
            }
        } else {
            Files.createDirectories(target.getParent());
            Files.copy(source, target);
        }
    }
}
