package io.segstream.platform.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegstreamConfigTest {

    @TempDir
    Path dir;

    @Test
    void givenFileAndOverrides_whenLoaded_thenOverrideBeatsFileBeatsDefault() throws Exception {
        Path file = dir.resolve("segstream.properties");
        Files.writeString(file, """
                segstream.partitions=8
                segstream.api.port=9000
                bootstrap.servers=kafka:9092
                segstream.topic.invoices=shop1-invoices
                """);

        SegstreamConfig config = SegstreamConfig.load(Optional.of(file), Map.of(SegstreamConfig.API_PORT, "9100"));

        assertEquals(9100, config.getInt(SegstreamConfig.API_PORT));
        assertEquals(8, config.getInt(SegstreamConfig.PARTITIONS));
        assertEquals("exactly_once_v2", config.require(SegstreamConfig.PROCESSING_GUARANTEE));
        assertEquals("shop1-invoices", config.topics().invoices().name());
        assertEquals(8, config.topics().invoices().partitions());
        assertEquals("customer-features", config.topics().features().name());
    }

    @Test
    void givenSegstreamKeys_whenKafkaProperties_thenOnlyClientKeysPassed() {
        SegstreamConfig config = SegstreamConfig.load(Optional.empty(),
                Map.of("bootstrap.servers", "b:9092", SegstreamConfig.REGISTRY_URL, "http://r"));

        var kafka = config.kafkaProperties();

        assertEquals("b:9092", kafka.getProperty("bootstrap.servers"));
        assertTrue(kafka.containsKey(SegstreamConfig.APPLICATION_ID));
        assertFalse(kafka.containsKey(SegstreamConfig.REGISTRY_URL));
        assertFalse(kafka.stringPropertyNames().stream().anyMatch(k -> k.startsWith("segstream.")));
    }

    @Test
    void givenBadValues_whenRead_thenMessageNamesKeyOrFile() {
        SegstreamConfig config = SegstreamConfig.load(Optional.empty(), Map.of(SegstreamConfig.PARTITIONS, "four"));

        var notInt = assertThrows(IllegalArgumentException.class, () -> config.getInt(SegstreamConfig.PARTITIONS));
        var noFile = assertThrows(IllegalArgumentException.class,
                () -> SegstreamConfig.load(Optional.of(dir.resolve("missing.properties")), Map.of()));

        assertEquals("Setting 'segstream.partitions' must be an integer, got 'four'", notInt.getMessage());
        assertTrue(noFile.getMessage().contains("missing.properties"), noFile.getMessage());
    }

    @Test
    void givenReplicationSettings_whenRead_thenTopicsGetThemAndStreamsGetThemUnchanged() {
        SegstreamConfig none = SegstreamConfig.load(Optional.empty(), Map.of());
        SegstreamConfig brokerDefault = SegstreamConfig.load(Optional.empty(),
                Map.of(SegstreamConfig.REPLICATION_FACTOR, "-1"));
        SegstreamConfig three = SegstreamConfig.load(Optional.empty(), Map.of(SegstreamConfig.REPLICATION_FACTOR, "3",
                SegstreamConfig.MIN_INSYNC_REPLICAS, "2"));

        assertEquals(Optional.empty(), none.replicationFactor());
        assertEquals(Map.of(), none.replicationConfigs());
        assertEquals(Optional.empty(), brokerDefault.replicationFactor());
        assertEquals(Optional.of((short) 3), three.replicationFactor());
        assertEquals(Map.of("min.insync.replicas", "2"), three.replicationConfigs());
        assertEquals("3", three.kafkaProperties().getProperty("replication.factor"));
        assertEquals("2", three.kafkaProperties().getProperty("topic.min.insync.replicas"));
    }

    @Test
    void givenBadReplicationSettings_whenRead_thenTheErrorNamesTheKeyAndValue() {
        var zero = assertThrows(IllegalArgumentException.class, () -> SegstreamConfig.load(Optional.empty(),
                Map.of(SegstreamConfig.REPLICATION_FACTOR, "0")).replicationFactor());
        var word = assertThrows(IllegalArgumentException.class, () -> SegstreamConfig.load(Optional.empty(),
                Map.of(SegstreamConfig.REPLICATION_FACTOR, "three")).replicationFactor());
        var inSync = assertThrows(IllegalArgumentException.class, () -> SegstreamConfig.load(Optional.empty(),
                Map.of(SegstreamConfig.MIN_INSYNC_REPLICAS, "0")).replicationConfigs());

        assertTrue(zero.getMessage().contains("'replication.factor'") && zero.getMessage().contains("'0'"),
                zero.getMessage());
        assertTrue(word.getMessage().contains("'replication.factor'") && word.getMessage().contains("'three'"),
                word.getMessage());
        assertTrue(inSync.getMessage().contains("'topic.min.insync.replicas'"), inSync.getMessage());
    }

    @Test
    void givenDefaults_whenTopicsRead_thenTheCurrentSegmentsAreCompactedAndTheTimedOutputsStampedOnArrival() {
        SegstreamConfig config = SegstreamConfig.load(Optional.empty(), Map.of(
                SegstreamConfig.TOPIC_PREFIX + "customer-segments", "shop1-segments",
                SegstreamConfig.DEAD_LETTERS_RETENTION, "7d"));

        var topics = config.topics();

        assertEquals("shop1-segments", topics.segments().name());
        assertEquals(4, topics.segments().partitions());
        assertEquals(Map.of("cleanup.policy", "compact"), topics.segments().configs());
        assertEquals(Map.of("message.timestamp.type", "LogAppendTime"), topics.changes().configs());
        assertEquals(Map.of("message.timestamp.type", "LogAppendTime", "retention.ms", "604800000"),
                topics.deadLetters().configs());
        assertEquals(Map.of("cleanup.policy", "compact"), topics.features().configs());
        // The invoices too: a load of years-old invoices is kept for the retention after it arrives.
        assertEquals(Map.of("message.timestamp.type", "LogAppendTime", "retention.ms", "604800000"),
                topics.invoices().configs());
        assertEquals(topics.invoices().configs(), topics.invoicesJson().configs());
        assertTrue(topics.all().contains(topics.segments()), "created with the others");
        // A renamed or re-partitioned spec keeps the timestamp type.
        assertTrue(topics.changes().withName("x").withPartitions(2).withRetention(1).logAppendTime());
        assertFalse(topics.changes().withLogAppendTime(false).configs().containsKey("message.timestamp.type"));
    }
}
