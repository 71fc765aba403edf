package io.segstream.server.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.segstream.platform.config.SegstreamConfig;
import picocli.CommandLine.Option;

/** Options every command that talks to Kafka shares: where the cluster and the registry are, and a config file. */
public final class ConnectionOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file (Kafka client keys and segstream.* keys).")
    Path configFile;

    @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT,...",
            description = "Kafka cluster. Default: from --config.")
    String bootstrapServers;

    @Option(names = {"-r", "--registry-url"}, paramLabel = "URL",
            description = "Confluent-compatible schema registry, e.g. http://host:8080/apis/ccompat/v7.")
    String registryUrl;

    @Option(names = "-D", paramLabel = "KEY=VALUE", description = "Any setting, overriding the config file.")
    Map<String, String> settings = new LinkedHashMap<>();

    /** The configuration these options describe. */
    public SegstreamConfig config() {
        Map<String, String> overrides = new LinkedHashMap<>(settings);
        if (bootstrapServers != null) {
            overrides.put(SegstreamConfig.BOOTSTRAP_SERVERS, bootstrapServers);
        }
        if (registryUrl != null) {
            overrides.put(SegstreamConfig.REGISTRY_URL, registryUrl);
        }
        return SegstreamConfig.load(Optional.ofNullable(configFile), overrides);
    }
}
