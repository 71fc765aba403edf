package io.segstream.devstack;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
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

    @Test
    void givenContainer_whenStarted_thenRunningTheOfficialImage() {
        assertTrue(KAFKA.isRunning());
        assertTrue(KAFKA.getDockerImageName().startsWith("apache/kafka:"), KAFKA.getDockerImageName());
    }
}
