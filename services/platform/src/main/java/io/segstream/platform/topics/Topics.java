package io.segstream.platform.topics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the topics segstream needs where they are missing; existing topics are left as they are. */
public final class Topics {

    private Topics() {
    }

    /**
     * Creates every topic of {@code specs} that does not exist yet.
     *
     * @param replicationFactor replicas per partition; empty uses the broker default
     * @return the names of the topics that were created
     */
    public static List<String> ensure(Admin admin, List<TopicSpec> specs, Optional<Short> replicationFactor)
            throws InterruptedException {
        return ensure(admin, specs, replicationFactor, Map.of());
    }

    /**
     * Creates every topic of {@code specs} that does not exist yet, with {@code extraConfigs} added to the configs
     * of the topics it creates (existing topics are not altered).
     *
     * @param replicationFactor replicas per partition; empty uses the broker default
     * @param extraConfigs topic configs by topic name, e.g. {@code retention.ms} for topics of historical events
     * @return the names of the topics that were created
     */
    public static List<String> ensure(Admin admin, List<TopicSpec> specs, Optional<Short> replicationFactor,
                                      Map<String, Map<String, String>> extraConfigs) throws InterruptedException {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (TopicSpec spec : specs) {
                if (!existing.contains(spec.name())) {
                    Map<String, String> configs = new HashMap<>(spec.configs());
                    configs.putAll(extraConfigs.getOrDefault(spec.name(), Map.of()));
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
