package io.segstream.platform.config;

import java.util.Properties;
import java.util.Set;

/**
 * One Kafka client's share of segstream's client settings. Every client gets every key it knows, so security
 * settings ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}) reach each of them, and none warns about the
 * keys meant for another (e.g. Kafka Streams' {@code state.dir} given to a plain consumer). Config providers
 * ({@code config.providers.*}) reach every client too, so {@code ${file:...}} references resolve in each.
 */
public final class KafkaClients {

    private KafkaClients() {
    }

    /**
     * @param kafka the client settings, e.g. {@link SegstreamConfig#kafkaProperties()}
     * @param known the keys the client knows, e.g. {@code ConsumerConfig.configNames()}
     * @return a new copy of the settings in {@code kafka} whose keys are in {@code known}
     */
    public static Properties share(Properties kafka, Set<String> known) {
        Properties share = new Properties();
        kafka.stringPropertyNames().stream().filter(key -> known.contains(key) || isConfigProvider(key))
                .forEach(key -> share.setProperty(key, kafka.getProperty(key)));
        return share;
    }

    /**
     * {@code config.providers} and {@code config.providers.<name>.class/.param.*} are read by every Kafka client
     * but listed by none, so they would otherwise be dropped with the references left unresolved.
     */
    private static boolean isConfigProvider(String key) {
        return key.equals(SegstreamConfig.CONFIG_PROVIDERS) || key.startsWith(SegstreamConfig.CONFIG_PROVIDERS + ".");
    }
}
