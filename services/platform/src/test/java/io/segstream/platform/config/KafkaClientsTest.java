package io.segstream.platform.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {

    private static final Map<String, String> SECURITY = Map.of("security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";",
            "ssl.truststore.location", "/etc/kafka/truststore.jks");

    @Test
    void givenSecuritySettingsInTheConfig_whenEachClientTakesItsShare_thenEveryClientGetsThemAndNothingElse() {
        Map<String, String> given = new java.util.HashMap<>(SECURITY);
        given.put("bootstrap.servers", "kafka-1:9093");
        given.put("state.dir", "/var/lib/segstream");
        given.put("schema.registry.url", "http://registry:8081");
        given.put("segstream.trainer.min-k", "3");
        Properties kafka = SegstreamConfig.load(Optional.empty(), given).kafkaProperties();

        Map<String, String> expected = new java.util.HashMap<>(SECURITY);
        expected.put("bootstrap.servers", "kafka-1:9093");
        for (var known : java.util.List.of(ConsumerConfig.configNames(), ProducerConfig.configNames(),
                AdminClientConfig.configNames())) {
            Properties share = KafkaClients.share(kafka, known);
            assertEquals(expected, Map.copyOf(toMap(share)));
        }
    }

    @Test
    void givenConfigProviders_whenEachClientTakesItsShare_thenTheProvidersComeAlongSoReferencesResolve() {
        Map<String, String> given = new java.util.HashMap<>();
        given.put("bootstrap.servers", "kafka-1:9093");
        given.put("config.providers", "file,env");
        given.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        given.put("config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
        given.put("config.providers.env.param.allowlist.pattern", "KAFKA_.*");
        given.put("sasl.jaas.config", "${file:/etc/segstream/kafka.properties:jaas}");
        Properties kafka = SegstreamConfig.load(Optional.empty(), given).kafkaProperties();

        for (var known : java.util.List.of(ConsumerConfig.configNames(), ProducerConfig.configNames(),
                AdminClientConfig.configNames())) {
            assertEquals(given, Map.copyOf(toMap(KafkaClients.share(kafka, known))));
        }
    }

    private static Map<String, String> toMap(Properties p) {
        Map<String, String> map = new java.util.HashMap<>();
        p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k)));
        return map;
    }
}
