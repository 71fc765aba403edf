package io.segstream.platform.embedded;

import org.junit.jupiter.api.Tag;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same broker contract against the official Apache Kafka image, so the embedded broker is never the only proof.
 * Skipped (not failed) where no Docker engine is reachable.
 */
@Tag("integration")
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerIT extends BrokerContract {

    @Container
    private static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.0");

    @Override
    String bootstrapServers() {
        return KAFKA.getBootstrapServers();
    }
}
