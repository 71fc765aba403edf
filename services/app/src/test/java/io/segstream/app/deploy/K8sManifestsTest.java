package io.segstream.app.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.segstream.app.Segstream;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.stream.runtime.StreamSettings;
import io.segstream.testing.TestData;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The Kubernetes manifests in {@code deploy/k8s}, checked offline: every document is read into fabric8's typed
 * objects by a strict reader (a misspelt field fails the build instead of being dropped by the API server or kubectl),
 * then the properties that make the deployment work are asserted across documents.
 */
class K8sManifestsTest {

    static final Path DIR = TestData.repositoryRoot().resolve("deploy/k8s");

    /** The kinds the manifests may hold, with the apiVersion each must declare. */
    static final Map<String, Kind> KINDS = Map.of(
            "ConfigMap", new Kind("v1", ConfigMap.class),
            "Service", new Kind("v1", Service.class),
            "StatefulSet", new Kind("apps/v1", StatefulSet.class),
            "Deployment", new Kind("apps/v1", Deployment.class),
            "PodDisruptionBudget", new Kind("policy/v1", PodDisruptionBudget.class),
            "Secret", new Kind("v1", Secret.class),
            "NetworkPolicy", new Kind("networking.k8s.io/v1", NetworkPolicy.class));

    /** A kind's apiVersion and model class. */
    record Kind(String apiVersion, Class<? extends HasMetadata> type) {
    }

    /**
     * YAML into fabric8 models, failing on unknown fields. fabric8's models collect unknown fields in an
     * {@code @JsonAnySetter} map ({@code additionalProperties}), which FAIL_ON_UNKNOWN_PROPERTIES alone does not
     * see: the introspector turns every any-setter off (without it {@link #misspeltFieldIsRejected} fails: the
     * misspelt fields are silently kept in that map).
     */
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated a) {
                    return Boolean.FALSE;
                }
            });

    static List<HasMetadata> resources;
    static StatefulSet stream;
    static Deployment trainer;
    static ConfigMap config;
    static Properties properties;
    static List<Service> services;
    static PodDisruptionBudget pdb;

    @BeforeAll
    static void readManifests() throws IOException {
        resources = new ArrayList<>();
        for (Path file : manifestFiles()) {
            List<HasMetadata> parsed = parse(Files.readString(file));
            assertFalse(parsed.isEmpty(), file + " holds no document");
            resources.addAll(parsed);
        }
        stream = only(StatefulSet.class);
        trainer = only(Deployment.class);
        config = only(ConfigMap.class);
        pdb = only(PodDisruptionBudget.class);
        services = all(Service.class);
        properties = new Properties();
        properties.load(new StringReader(config.getData().get("segstream.properties")));
    }

    /** The manifests: every {@code *.yaml} of the directory but the kustomization. */
    static List<Path> manifestFiles() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml"))
                    .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
                    .sorted().toList();
        }
    }

    /** Every document of a YAML text as its typed object, strictly. */
    static List<HasMetadata> parse(String yaml) throws IOException {
        List<HasMetadata> parsed = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc == null || doc.isNull() || doc.isMissingNode()) {
                    continue;
                }
                String kindName = doc.path("kind").asText();
                Kind kind = KINDS.get(kindName);
                assertNotNull(kind, "unexpected kind '" + kindName + "' in " + doc.path("metadata").path("name"));
                HasMetadata resource = YAML.treeToValue(doc, kind.type());
                assertEquals(kind.apiVersion(), resource.getApiVersion(), kindName + " apiVersion");
                assertNotNull(resource.getMetadata().getName(), kindName + " without a name");
                parsed.add(resource);
            }
        }
        return parsed;
    }

    static <T extends HasMetadata> List<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends HasMetadata> T only(Class<T> type) {
        List<T> found = all(type);
        assertEquals(1, found.size(), "one " + type.getSimpleName() + " expected, found " + found.size());
        return found.getFirst();
    }

    static Container container(PodTemplateSpec template, String name) {
        return template.getSpec().getContainers().stream().filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name));
    }

    static int containerPort(Container container, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no port named " + port.getStrVal()));
    }

    /** The container's arguments with {@code $(VAR)} replaced as the kubelet would, given the pod's name. */
    static List<String> expandedArgs(Container container, String podName, String namespace) {
        Map<String, String> fieldValues = Map.of("metadata.name", podName, "metadata.namespace", namespace);
        Map<String, String> env = new java.util.HashMap<>();
        for (EnvVar var : container.getEnv()) {
            if (var.getValue() != null) {
                env.put(var.getName(), var.getValue());
            } else if (var.getValueFrom() != null && var.getValueFrom().getFieldRef() != null) {
                env.put(var.getName(), fieldValues.get(var.getValueFrom().getFieldRef().getFieldPath()));
            }
        }
        Pattern ref = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
        return container.getArgs().stream().map(arg -> {
            Matcher m = ref.matcher(arg);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String value = env.get(m.group(1));
                assertNotNull(value, "argument refers to undefined $(" + m.group(1) + ")");
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            return m.appendTail(out).toString();
        }).toList();
    }

    static BigDecimal bytes(Quantity quantity) {
        return Quantity.getAmountInBytes(quantity);
    }

    @Test
    void kustomizationListsEveryManifest() throws IOException {
        JsonNode kustomization = YAML.readTree(DIR.resolve("kustomization.yaml").toFile());
        assertEquals("Kustomization", kustomization.path("kind").asText());
        Set<String> listed = new TreeSet<>();
        kustomization.path("resources").forEach(r -> listed.add(r.asText()));
        Set<String> files = new TreeSet<>();
        manifestFiles().forEach(f -> files.add(f.getFileName().toString()));
        assertEquals(files, listed);
        assertEquals(List.of("ConfigMap", "NetworkPolicy", "NetworkPolicy", "Secret", "PodDisruptionBudget", "Service",
                "Service", "StatefulSet", "Deployment"),
                resources.stream().map(HasMetadata::getKind).toList());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "'  replicas: 3', '  replica: 3'",
        "'      containers:', '      containerz:'",
        "'          readinessProbe:', '          readynessProbe:'",
        "'              path: /health', '              pathh: /health'",
    })
    void misspeltFieldIsRejected(String correct, String misspelt) throws IOException {
        String original = Files.readString(DIR.resolve("stream-statefulset.yaml"));
        assertTrue(original.contains(correct + "\n"), "fixture line missing: " + correct);
        assertEquals(1, parse(original).size(), "the unmodified manifest parses");
        String broken = original.replaceFirst(Pattern.quote(correct + "\n"), Matcher.quoteReplacement(misspelt + "\n"));
        UnrecognizedPropertyException e = assertThrows(UnrecognizedPropertyException.class, () -> parse(broken));
        assertEquals(misspelt.strip().replace(":", "").split(" ")[0], e.getPropertyName());
    }

    @Test
    void statefulSetIsGovernedByTheHeadlessService() {
        Service headless = services.stream().filter(s -> s.getMetadata().getName()
                .equals(stream.getSpec().getServiceName())).findFirst()
                .orElseThrow(() -> new AssertionError("no Service named " + stream.getSpec().getServiceName()));
        assertEquals("None", headless.getSpec().getClusterIP());
        assertEquals(Boolean.TRUE, headless.getSpec().getPublishNotReadyAddresses(),
                "a starting pod resolves its own name before it is ready");
        Map<String, String> podLabels = stream.getSpec().getTemplate().getMetadata().getLabels();
        for (Service service : services) {
            assertTrue(podLabels.entrySet().containsAll(service.getSpec().getSelector().entrySet()),
                    service.getMetadata().getName() + " selects the stream pods");
            assertFalse(trainer.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                    .containsAll(service.getSpec().getSelector().entrySet()),
                    service.getMetadata().getName() + " does not select the trainer");
        }
        assertEquals(stream.getSpec().getSelector().getMatchLabels(), podLabels);
        assertTrue(stream.getSpec().getReplicas() >= 2, "a standby replica needs a second instance");
    }

    @Test
    void readinessIsHealthOnTheApiPort() {
        Container app = container(stream.getSpec().getTemplate(), "stream");
        int apiPort = Integer.parseInt(properties.getProperty(SegstreamConfig.API_PORT));
        assertNotNull(app.getReadinessProbe());
        assertNotNull(app.getLivenessProbe());
        assertEquals("/health", app.getReadinessProbe().getHttpGet().getPath());
        assertEquals("/health/live", app.getLivenessProbe().getHttpGet().getPath());
        for (Probe probe : List.of(app.getReadinessProbe(), app.getLivenessProbe())) {
            assertEquals(apiPort, containerPort(app, probe.getHttpGet().getPort()));
        }
        Probe liveness = app.getLivenessProbe();
        int livenessWindow = liveness.getInitialDelaySeconds()
                + liveness.getPeriodSeconds() * liveness.getFailureThreshold();
        Probe readiness = app.getReadinessProbe();
        int readinessWindow = readiness.getPeriodSeconds() * readiness.getFailureThreshold();
        assertTrue(livenessWindow >= 4 * readinessWindow && livenessWindow >= 120,
                "liveness is lenient: " + livenessWindow + " s against readiness " + readinessWindow + " s");
        for (Service service : services) {
            assertTrue(service.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == apiPort
                    && containerPort(app, p.getTargetPort()) == apiPort), service.getMetadata().getName());
        }
    }

    @Test
    void everyContainerHasRequestsAndLimitsAndItsHeapFits() {
        List<Container> containers = new ArrayList<>();
        for (PodTemplateSpec template : List.of(stream.getSpec().getTemplate(), trainer.getSpec().getTemplate())) {
            containers.addAll(template.getSpec().getContainers());
            if (template.getSpec().getInitContainers() != null) {
                containers.addAll(template.getSpec().getInitContainers());
            }
        }
        assertEquals(3, containers.size(), "stream, its DNS wait and trainer");
        Pattern xmx = Pattern.compile("-Xmx(\\d+)([kmg])");
        for (Container c : containers) {
            Map<String, Quantity> requests = c.getResources().getRequests();
            Map<String, Quantity> limits = c.getResources().getLimits();
            for (String resource : List.of("cpu", "memory")) {
                assertNotNull(requests.get(resource), c.getName() + " requests " + resource);
                assertNotNull(limits.get(resource), c.getName() + " limits " + resource);
                assertTrue(bytes(requests.get(resource)).compareTo(bytes(limits.get(resource))) <= 0,
                        c.getName() + " " + resource + " request within its limit");
            }
            if (c.getImage().startsWith("segstream:")) {
                String options = c.getEnv().stream().filter(e -> e.getName().equals("JAVA_TOOL_OPTIONS"))
                        .map(EnvVar::getValue).findFirst()
                        .orElseThrow(() -> new AssertionError(c.getName() + " sets no JAVA_TOOL_OPTIONS"));
                Matcher m = xmx.matcher(options);
                assertTrue(m.find(), c.getName() + " sets -Xmx: " + options);
                long heap = Long.parseLong(m.group(1)) << switch (m.group(2)) {
                    case "k" -> 10;
                    case "m" -> 20;
                    default -> 30;
                };
                BigDecimal limit = bytes(limits.get("memory"));
                assertTrue(BigDecimal.valueOf(heap).compareTo(limit.multiply(new BigDecimal("0.7"))) <= 0,
                        c.getName() + " heap " + heap + " leaves 30 % of the limit " + limit + " for native memory");
                assertEquals(0, bytes(requests.get("memory")).compareTo(limit),
                        c.getName() + " requests the memory it may use");
            }
        }
    }

    @Test
    void configMapHoldsTheClusterSettings() {
        assertEquals("1", properties.getProperty(SegstreamConfig.STANDBY_REPLICAS));
        assertEquals("kafka:9092", properties.getProperty(SegstreamConfig.BOOTSTRAP_SERVERS));
        assertEquals("https://registry:8443/apis/ccompat/v7", properties.getProperty(SegstreamConfig.REGISTRY_URL));
        SegstreamConfig config = SegstreamConfig.load(Optional.empty(), toMap(properties));
        assertEquals("exactly_once_v2", config.require(SegstreamConfig.PROCESSING_GUARANTEE),
                "the default, not restated in the ConfigMap");
        assertFalse(properties.containsKey(SegstreamConfig.PROCESSING_GUARANTEE));
        assertEquals(Optional.of((short) 3), config.replicationFactor(), "three copies of every topic");
        assertEquals(Map.of("min.insync.replicas", "2"), config.replicationConfigs(), "a write needs two of them");
        assertTrue(Integer.parseInt(properties.getProperty(SegstreamConfig.PARTITIONS)) >= stream.getSpec().getReplicas(),
                "every stream pod gets a partition");
        assertEquals("0.0.0.0", properties.getProperty(SegstreamConfig.METRICS_HOST), "scraped from other pods");
        assertFalse(properties.containsKey(SegstreamConfig.API_HOST), "the API host is set per pod");
        String metricsPort = properties.getProperty(SegstreamConfig.METRICS_PORT);
        for (PodTemplateSpec template : List.of(stream.getSpec().getTemplate(), trainer.getSpec().getTemplate())) {
            Map<String, String> annotations = template.getMetadata().getAnnotations();
            assertEquals("true", annotations.get("prometheus.io/scrape"));
            assertEquals(metricsPort, annotations.get("prometheus.io/port"));
            assertEquals("/metrics", annotations.get("prometheus.io/path"));
            Container app = template.getSpec().getContainers().getFirst();
            assertEquals(Integer.parseInt(metricsPort),
                    containerPort(app, new IntOrString("metrics")));
        }
    }

    @Test
    void stateDirIsThePersistentVolume() {
        List<PersistentVolumeClaim> claims = stream.getSpec().getVolumeClaimTemplates();
        assertEquals(1, claims.size());
        String claim = claims.getFirst().getMetadata().getName();
        assertEquals(List.of("ReadWriteOnce"), claims.getFirst().getSpec().getAccessModes());
        VolumeMount mount = container(stream.getSpec().getTemplate(), "stream").getVolumeMounts().stream()
                .filter(m -> m.getName().equals(claim)).findFirst()
                .orElseThrow(() -> new AssertionError("claim template " + claim + " is not mounted"));
        assertEquals(properties.getProperty(SegstreamConfig.STATE_DIR), mount.getMountPath());
        assertFalse(Boolean.TRUE.equals(mount.getReadOnly()));
        assertNotNull(stream.getSpec().getTemplate().getSpec().getSecurityContext().getFsGroup(),
                "the volume is writable by the non-root user");
    }

    @Test
    void disruptionBudgetCoversTheStreamPodsOnly() {
        assertEquals(1, pdb.getSpec().getMaxUnavailable().getIntVal());
        Map<String, String> selector = pdb.getSpec().getSelector().getMatchLabels();
        assertFalse(selector.isEmpty());
        assertTrue(stream.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(selector.entrySet()));
        assertFalse(trainer.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                .containsAll(selector.entrySet()));
    }

    @Test
    void streamArgumentsAdvertiseThePodsStableName(@TempDir Path tmp) throws IOException {
        Container app = container(stream.getSpec().getTemplate(), "stream");
        List<String> args = expandedArgs(app, "segstream-stream-2", "shop");
        ParseResult parsed = Segstream.commandLine().parseArgs(args.toArray(String[]::new));
        ParseResult command = parsed.subcommand();
        assertEquals("stream", command.commandSpec().name());
        Path configFile = command.matchedOptionValue("--config", (Path) null);
        assertConfigMounted(stream.getSpec().getTemplate(), app, configFile);
        Map<String, String> overrides = command.matchedOptionValue("-D", Map.of());

        Path local = Files.writeString(tmp.resolve("segstream.properties"), withSecretsIn(
                config.getData().get(configFile.getFileName().toString()), tmp.resolve("secrets")));
        HostInfo self = StreamSettings.from(SegstreamConfig.load(Optional.of(local), overrides)).apiAddress();
        assertEquals("segstream-stream-2." + stream.getSpec().getServiceName() + ".shop.svc.cluster.local",
                self.host());
        assertEquals(containerPort(app, new IntOrString("api")), self.port());

        Container wait = stream.getSpec().getTemplate().getSpec().getInitContainers().getFirst();
        assertTrue(String.join(" ", wait.getCommand())
                        .contains("$(POD_NAME)." + stream.getSpec().getServiceName() + ".$(POD_NAMESPACE)"),
                "the init container waits for the name the API binds to");
    }

    @Test
    void trainerRunsTheLongRunningTrainerOnce() {
        assertEquals(1, trainer.getSpec().getReplicas());
        assertEquals("Recreate", trainer.getSpec().getStrategy().getType(), "never two trainers at once");
        Container app = container(trainer.getSpec().getTemplate(), "trainer");
        ParseResult parsed = Segstream.commandLine()
                .parseArgs(expandedArgs(app, "segstream-trainer-x", "shop").toArray(String[]::new));
        assertEquals("train", parsed.subcommand().commandSpec().name());
        assertFalse(parsed.subcommand().hasMatchedOption("--once"));
        assertConfigMounted(trainer.getSpec().getTemplate(), app,
                parsed.subcommand().matchedOptionValue("--config", (Path) null));
        for (Container c : List.of(container(stream.getSpec().getTemplate(), "stream"), app)) {
            assertTrue(c.getCommand() == null || c.getCommand().isEmpty(),
                    c.getName() + " keeps the image's entrypoint (the segstream command line): " + c.getCommand());
        }
    }

    /** Where the pods mount the Secret. */
    static final String SECRETS = "/etc/segstream-secrets";

    /**
     * The settings text with the Secret's files written under {@code dir} and every reference to the secrets mount
     * pointed there, as the pod would see them.
     */
    static String withSecretsIn(String settings, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, String> file : only(Secret.class).getStringData().entrySet()) {
            Files.writeString(dir.resolve(file.getKey()), file.getValue());
        }
        return settings.replace(SECRETS, dir.toString());
    }

    @Test
    void credentialsLiveInTheSecretAndTheSettingsOnlyReferToIt(@TempDir Path tmp) throws IOException {
        Secret secret = only(Secret.class);
        assertEquals(Set.of("api-token", "kafka-jaas", "registry-user-info"), secret.getStringData().keySet());
        assertTrue(secret.getData() == null || secret.getData().isEmpty());
        Pattern secretKey = Pattern.compile("(?i).*(password|jaas|user\\.info|token|secret|\\.key$).*");
        for (String key : properties.stringPropertyNames()) {
            if (secretKey.matcher(key).matches()) {
                String value = properties.getProperty(key);
                assertTrue(value.startsWith("${dir:" + SECRETS + ":") || value.startsWith(SECRETS + "/"),
                        key + " holds a secret in the ConfigMap: " + value);
            }
        }
        for (PodTemplateSpec template : List.of(stream.getSpec().getTemplate(), trainer.getSpec().getTemplate())) {
            String volume = template.getSpec().getVolumes().stream().filter(v -> v.getSecret() != null
                    && v.getSecret().getSecretName().equals(secret.getMetadata().getName())).map(v -> v.getName())
                    .findFirst().orElseThrow(() -> new AssertionError("the Secret is not a volume"));
            VolumeMount mount = template.getSpec().getContainers().getFirst().getVolumeMounts().stream()
                    .filter(m -> m.getName().equals(volume)).findFirst().orElseThrow();
            assertEquals(SECRETS, mount.getMountPath());
            assertEquals(Boolean.TRUE, mount.getReadOnly());
            for (Container c : template.getSpec().getContainers()) {
                assertTrue(c.getEnv().stream().allMatch(e -> e.getValueFrom() == null
                        || e.getValueFrom().getSecretKeyRef() == null), "secrets are files, not variables");
            }
        }

        // As the pod reads them: the dir provider resolves each reference to the Secret's file.
        Path local = Files.writeString(tmp.resolve("segstream.properties"),
                withSecretsIn(config.getData().get("segstream.properties"), tmp.resolve("secrets")));
        Map<String, Object> resolved = SegstreamConfig.load(Optional.of(local), Map.of()).resolved();
        assertEquals(secret.getStringData().get("kafka-jaas"), resolved.get("sasl.jaas.config"));
        assertEquals(secret.getStringData().get("registry-user-info"), resolved.get("basic.auth.user.info"));
        assertEquals(tmp.resolve("secrets").resolve("api-token").toString(),
                resolved.get("segstream.api.token.file"));
        assertEquals("SASL_SSL", resolved.get("security.protocol"));
        assertTrue(resolved.get(SegstreamConfig.REGISTRY_URL).toString().startsWith("https://"));
    }

    @Test
    void everyContainerRunsAsNonRootOnAReadOnlyRootWithoutCapabilities() {
        for (PodTemplateSpec template : List.of(stream.getSpec().getTemplate(), trainer.getSpec().getTemplate())) {
            var pod = template.getSpec();
            assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot());
            assertTrue(pod.getSecurityContext().getRunAsUser() > 0);
            assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
            assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), "no API token in the pod");
            List<Container> containers = new ArrayList<>(pod.getContainers());
            if (pod.getInitContainers() != null) {
                containers.addAll(pod.getInitContainers());
            }
            for (Container c : containers) {
                SecurityContext sc = c.getSecurityContext();
                assertNotNull(sc, c.getName() + " has no securityContext");
                assertEquals(Boolean.TRUE, sc.getRunAsNonRoot(), c.getName());
                assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem(), c.getName());
                assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation(), c.getName());
                assertEquals(List.of("ALL"), sc.getCapabilities().getDrop(), c.getName());
                assertTrue(sc.getCapabilities().getAdd() == null || sc.getCapabilities().getAdd().isEmpty());
                assertTrue(sc.getPrivileged() == null || !sc.getPrivileged(), c.getName());
            }
            // What the application writes (temporary files, logs, state) is on volumes, not the root filesystem.
            Container app = pod.getContainers().getFirst();
            Set<String> writable = new TreeSet<>();
            app.getVolumeMounts().stream().filter(m -> !Boolean.TRUE.equals(m.getReadOnly()))
                    .forEach(m -> writable.add(m.getMountPath()));
            assertTrue(writable.containsAll(List.of("/tmp", "/var/lib/segstream/logs")), writable.toString());
        }
    }

    @Test
    void everyImageIsPinnedByVersion() throws IOException {
        String pom = Files.readString(TestData.repositoryRoot().resolve("pom.xml"));
        Matcher version = Pattern.compile("<artifactId>segstream-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertTrue(version.find());
        List<Container> containers = new ArrayList<>();
        for (PodTemplateSpec template : List.of(stream.getSpec().getTemplate(), trainer.getSpec().getTemplate())) {
            containers.addAll(template.getSpec().getContainers());
            if (template.getSpec().getInitContainers() != null) {
                containers.addAll(template.getSpec().getInitContainers());
            }
        }
        for (Container c : containers) {
            String image = c.getImage();
            int colon = image.lastIndexOf(':');
            assertTrue(colon > image.lastIndexOf('/'), c.getName() + " image without a tag: " + image);
            String tag = image.substring(colon + 1);
            assertFalse(tag.equals("latest") || tag.isBlank(), c.getName() + " image not pinned: " + image);
            assertTrue(tag.matches("\\d+(\\.\\d+)*(-[A-Za-z0-9.]+)?"), c.getName() + " tag is no version: " + image);
            if (image.startsWith("segstream:")) {
                assertEquals(version.group(1), tag, "the build's version");
            }
            assertTrue(c.getImagePullPolicy() == null || !c.getImagePullPolicy().equals("Always")
                    || !tag.endsWith("SNAPSHOT"), c.getName());
        }
    }

    @Test
    void networkPoliciesAdmitOnlyThePeersTheDeclaredClientsAndTheScrapers() {
        List<NetworkPolicy> policies = all(NetworkPolicy.class);
        Map<String, String> prometheus = Map.of("app.kubernetes.io/name", "prometheus");
        for (PodTemplateSpec template : List.of(stream.getSpec().getTemplate(), trainer.getSpec().getTemplate())) {
            Map<String, String> labels = template.getMetadata().getLabels();
            List<NetworkPolicy> selecting = policies.stream().filter(p -> labels.entrySet().containsAll(
                    p.getSpec().getPodSelector().getMatchLabels().entrySet())).toList();
            assertEquals(1, selecting.size(), labels + " selected by one policy");
            NetworkPolicy policy = selecting.getFirst();
            assertEquals(List.of("Ingress"), policy.getSpec().getPolicyTypes());
            Map<String, List<NetworkPolicyPeer>> fromByPort = new HashMap<>();
            for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
                assertFalse(rule.getFrom() == null || rule.getFrom().isEmpty(), "a rule admitting anyone");
                assertFalse(rule.getPorts() == null || rule.getPorts().isEmpty(), "a rule on every port");
                rule.getPorts().forEach(port -> {
                    assertEquals("TCP", port.getProtocol());
                    fromByPort.computeIfAbsent(port.getPort().getStrVal(), k -> new ArrayList<>())
                            .addAll(rule.getFrom());
                });
            }
            Container app = template.getSpec().getContainers().getFirst();
            Set<String> declared = new TreeSet<>();
            app.getPorts().forEach(p -> declared.add(p.getName()));
            assertEquals(declared, fromByPort.keySet(), "every port named by a rule, nothing else");
            List<NetworkPolicyPeer> scrapers = fromByPort.get("metrics");
            assertEquals(1, scrapers.size());
            assertEquals(prometheus, scrapers.getFirst().getPodSelector().getMatchLabels());
            assertTrue(scrapers.getFirst().getIpBlock() == null);
            if (fromByPort.containsKey("api")) {
                Set<Map<String, String>> clients = new java.util.HashSet<>();
                for (NetworkPolicyPeer peer : fromByPort.get("api")) {
                    assertTrue(peer.getNamespaceSelector() == null && peer.getIpBlock() == null,
                            "API clients from this namespace only");
                    clients.add(peer.getPodSelector().getMatchLabels());
                }
                assertEquals(Set.of(labels, Map.of("segstream.io/api-client", "true")), clients,
                        "the other stream pods (forwarding) and the declared clients");
            }
        }
    }

    /** The config path the container passes is a key of the ConfigMap, mounted where the path says. */
    static void assertConfigMounted(PodTemplateSpec template, Container app, Path configFile) {
        assertNotNull(configFile, app.getName() + " passes --config");
        String volume = template.getSpec().getVolumes().stream()
                .filter(v -> v.getConfigMap() != null
                        && v.getConfigMap().getName().equals(config.getMetadata().getName()))
                .map(v -> v.getName()).findFirst()
                .orElseThrow(() -> new AssertionError(app.getName() + " mounts no volume of the ConfigMap"));
        VolumeMount mount = app.getVolumeMounts().stream().filter(m -> m.getName().equals(volume)).findFirst()
                .orElseThrow(() -> new AssertionError(app.getName() + " does not mount " + volume));
        assertEquals(Path.of(mount.getMountPath()), configFile.getParent());
        assertTrue(config.getData().containsKey(configFile.getFileName().toString()));
    }

    private static Map<String, String> toMap(Properties properties) {
        Map<String, String> map = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> map.put(key, properties.getProperty(key)));
        return map;
    }
}
