package io.segstream.app.produce;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import io.segstream.platform.config.SegstreamConfig;
import io.segstream.platform.topics.SegstreamTopics;
import io.segstream.platform.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Creates segstream's topics where missing, keeping invoice topics forever. */
public final class InvoiceTopics {

    /**
     * Time retention is measured against record timestamps, and replayed invoices carry their historical invoice
     * time: under the default 7 days the broker would delete a replay of 2011 data at its next retention check.
     */
    static final Map<String, String> KEEP_FOREVER = Map.of("retention.ms", "-1");

    private InvoiceTopics() {
    }

    /**
     * Creates every topic of the configuration that does not exist, invoice topics without time retention.
     *
     * @param replicationFactor replicas, empty for the broker default
     * @return the names of the topics created
     */
    public static List<String> ensure(SegstreamConfig config, Optional<Short> replicationFactor)
            throws InterruptedException {
        SegstreamTopics topics = config.topics();
        Properties kafka = config.kafkaProperties();
        Properties adminProps = new Properties();
        kafka.stringPropertyNames().stream().filter(AdminClientConfig.configNames()::contains)
                .forEach(key -> adminProps.setProperty(key, kafka.getProperty(key)));
        try (Admin admin = Admin.create(adminProps)) {
            return Topics.ensure(admin, topics.all(), replicationFactor, Map.of(
                    topics.invoices().name(), KEEP_FOREVER,
                    topics.invoicesJson().name(), KEEP_FOREVER));
        }
    }
}
