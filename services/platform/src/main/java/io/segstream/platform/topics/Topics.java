package io.segstream.platform.topics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import io.segstream.platform.config.KafkaClients;
import io.segstream.platform.config.SegstreamConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The one way segstream creates topics: those of the given specs that are missing, with each spec's configs
 * (compaction, retention); existing topics are left as they are. The admin client gets the full client
 * configuration (security included), not only {@code bootstrap.servers}.
 */
public final class Topics {

    private Topics() {
    }

    /**
     * Creates every topic of {@code specs} that does not exist yet, with the replication of {@code config}
     * ({@link SegstreamConfig#replicationFactor()} and {@link SegstreamConfig#replicationConfigs()}), which Kafka
     * Streams applies to its internal topics too.
     *
     * @return the names of the topics that were created
     */
    public static List<String> ensure(SegstreamConfig config, List<TopicSpec> specs) throws InterruptedException {
        try (Admin admin = Admin.create(adminProperties(config.kafkaProperties()))) {
            return ensure(admin, specs, config.replicationFactor(), config.replicationConfigs());
        }
    }

    /**
     * Creates every topic of {@code specs} that does not exist yet.
     *
     * @param kafka             Kafka client settings; the keys an admin client does not know are left out
     * @param replicationFactor replicas per partition; empty uses the broker default
     * @return the names of the topics that were created
     */
    public static List<String> ensure(Properties kafka, List<TopicSpec> specs, Optional<Short> replicationFactor)
            throws InterruptedException {
        try (Admin admin = Admin.create(adminProperties(kafka))) {
            return ensure(admin, specs, replicationFactor, Map.of());
        }
    }

    /**
     * Warnings for the topics of {@code specs} that segstream wants retained by arrival but that exist (created by an
     * earlier release, or by the user) with record-timestamp retention: a load of history older than their
     * {@code retention.ms} is deleted by the broker's next retention check, processed or not. Each warning names the
     * setting to change and how.
     */
    public static List<String> retentionRisks(SegstreamConfig config, List<TopicSpec> specs)
            throws InterruptedException {
        try (Admin admin = Admin.create(adminProperties(config.kafkaProperties()))) {
            List<ConfigResource> resources = specs.stream().filter(TopicSpec::logAppendTime)
                    .map(spec -> new ConfigResource(ConfigResource.Type.TOPIC, spec.name())).toList();
            Set<String> existing = admin.listTopics().names().get();
            List<ConfigResource> present = resources.stream().filter(r -> existing.contains(r.name())).toList();
            if (present.isEmpty()) {
                return List.of();
            }
            List<String> warnings = new ArrayList<>();
            for (var entry : admin.describeConfigs(present).all().get().entrySet()) {
                String type = value(entry.getValue(), "message.timestamp.type");
                String retention = value(entry.getValue(), "retention.ms");
                if ("CreateTime".equals(type) && retention != null && !retention.equals("-1")) {
                    String topic = entry.getKey().name();
                    warnings.add("Topic '" + topic + "' is retained by record timestamp (message.timestamp.type="
                            + "CreateTime, retention.ms=" + retention + "): records stamped with older event times, "
                            + "such as a load of history, are deleted at the broker's next retention check whether "
                            + "processed or not. Set message.timestamp.type=LogAppendTime on it, e.g. kafka-configs.sh"
                            + " --bootstrap-server ... --alter --entity-type topics --entity-name " + topic
                            + " --add-config message.timestamp.type=LogAppendTime");
                }
            }
            return warnings;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot describe topics: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Those of {@code names} that the cluster does not have, in the order given. */
    public static List<String> missing(SegstreamConfig config, List<String> names) throws InterruptedException {
        if (names.isEmpty()) {
            return List.of();
        }
        try (Admin admin = Admin.create(adminProperties(config.kafkaProperties()))) {
            Set<String> existing = admin.listTopics().names().get();
            return names.stream().filter(name -> !existing.contains(name)).toList();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot list topics: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static String value(Config config, String name) {
        ConfigEntry entry = config.get(name);
        return entry == null ? null : entry.value();
    }

    /** The admin client's share of {@code kafka}. */
    public static Properties adminProperties(Properties kafka) {
        return KafkaClients.share(kafka, AdminClientConfig.configNames());
    }

    static List<String> ensure(Admin admin, List<TopicSpec> specs, Optional<Short> replicationFactor)
            throws InterruptedException {
        return ensure(admin, specs, replicationFactor, Map.of());
    }

    private static List<String> ensure(Admin admin, List<TopicSpec> specs, Optional<Short> replicationFactor,
                                       Map<String, String> extraConfigs) throws InterruptedException {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (TopicSpec spec : specs) {
                if (!existing.contains(spec.name())) {
                    Map<String, String> configs = new HashMap<>(extraConfigs);
                    configs.putAll(spec.configs());
                    missing.add(new NewTopic(spec.name(), Optional.of(spec.partitions()), replicationFactor)
                            .configs(configs));
                }
            }
            if (missing.isEmpty()) {
                return List.of();
            }
            List<String> created = new ArrayList<>();
            var results = admin.createTopics(missing).values();
            for (var entry : results.entrySet()) {
                try {
                    entry.getValue().get();
                    created.add(entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Cannot create topic " + entry.getKey() + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
            return created;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot list topics: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
