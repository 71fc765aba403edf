package io.segstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/** The bare applications {@code bench ceiling} compares segstream with do what they claim, and count it. */
class CeilingTopologiesTest {

    @Test
    void givenRecords_whenPassedThrough_thenEachForwardedUnchangedAndCounted() throws Exception {
        AtomicLong processed = new AtomicLong();
        try (TopologyTestDriver driver = driver(CeilingBench.passThrough("in", "out", processed))) {
            var bytes = Serdes.ByteArray();
            var in = driver.createInputTopic("in", bytes.serializer(), bytes.serializer());
            var out = driver.createOutputTopic("out", bytes.deserializer(), bytes.deserializer());
            in.pipeInput(utf8("c1"), utf8("a"));
            in.pipeInput(utf8("c2"), utf8("b"));

            List<KeyValue<byte[], byte[]>> seen = out.readKeyValuesToList();

            assertEquals(2, processed.get());
            assertEquals(List.of("c1=a", "c2=b"), seen.stream()
                    .map(kv -> new String(kv.key, StandardCharsets.UTF_8) + "="
                            + new String(kv.value, StandardCharsets.UTF_8)).toList());
        }
    }

    @Test
    void givenRecordsOfTwoCustomers_whenAggregated_thenRunningCountPerCustomerForwardedOnEveryRecord()
            throws Exception {
        AtomicLong processed = new AtomicLong();
        try (TopologyTestDriver driver = driver(CeilingBench.aggregate("in", "out", processed))) {
            var in = driver.createInputTopic("in", Serdes.String().serializer(), Serdes.ByteArray().serializer());
            var out = driver.createOutputTopic("out", Serdes.String().deserializer(), Serdes.Long().deserializer());
            for (String customer : List.of("a", "b", "a", "a", "b")) {
                in.pipeInput(customer, new byte[] {1});
            }

            assertEquals(List.of(KeyValue.pair("a", 1L), KeyValue.pair("b", 1L), KeyValue.pair("a", 2L),
                    KeyValue.pair("a", 3L), KeyValue.pair("b", 2L)), out.readKeyValuesToList());
            assertEquals(5, processed.get());
        }
    }

    private static TopologyTestDriver driver(Topology topology) throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ceiling-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("ceiling-ttd-").toString());
        return new TopologyTestDriver(topology, props);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
