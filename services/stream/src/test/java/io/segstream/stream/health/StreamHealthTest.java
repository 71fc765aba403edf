package io.segstream.stream.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import io.segstream.platform.config.SegstreamConfig;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Thread replacements, repeated failures of one record and lost input make a running instance unhealthy. */
class StreamHealthTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final StreamHealth health = new StreamHealth(new HealthLimits(3, 2, Duration.ofMinutes(10)), now::get);

    /** What Kafka Streams 4.x StreamTask throws when a processor fails on a record. */
    private static StreamsException processingFailure(String task, String topic, int partition, long offset) {
        return new StreamsException(String.format("Exception caught in process. taskId=%s, processor=%s, topic=%s, "
                        + "partition=%d, offset=%d", task, "validate-avro", topic, partition, offset),
                new IllegalStateException("boom"), TaskId.parse(task));
    }

    @Test
    void givenAStreamsProcessingFailure_whenParsed_thenTheTaskAndRecordAreNamed() {
        Optional<RecordPosition> p = RecordPosition.of(new RuntimeException("wrapped",
                processingFailure("0_3", "invoices", 3, 4711)));

        assertEquals(Optional.of(new RecordPosition("0_3", "invoices", 3, 4711)), p);
        assertEquals(Optional.empty(), RecordPosition.of(new IllegalStateException("no position here")));
    }

    @Test
    void givenReplacementsAboveTheLimitInTheWindow_whenAsked_thenUnhealthyUntilTheyAgeOut() {
        for (int i = 0; i < 3; i++) {
            health.threadReplaced(new IllegalStateException("failure " + i));
            now.addAndGet(60_000);
        }
        assertEquals(List.of(), health.problems(), "3 replacements are within the limit");

        health.threadReplaced(new IllegalStateException("failure 4"));

        assertEquals(List.of("stream threads replaced 4 times in the last PT10M (limit 3)"), health.problems());
        assertEquals(4, health.threadReplacements());
        assertEquals(0, health.recordFailures());
        now.addAndGet(Duration.ofMinutes(7).toMillis() + 1);
        assertEquals(List.of(), health.problems(), "the first replacement left the window");
        assertEquals(4, health.threadReplacements(), "the counter never decreases");
    }

    @Test
    void givenTheSameRecordFailingTwice_whenAsked_thenUnhealthyNamingIt() {
        health.threadReplaced(processingFailure("0_1", "invoices", 1, 42));
        health.threadReplaced(processingFailure("0_1", "invoices", 1, 43));
        assertEquals(List.of(), health.problems(), "two different records failed once each");

        health.threadReplaced(processingFailure("0_1", "invoices", 1, 42));

        assertEquals(List.of("the same record failed 2 times in the last PT10M: task 0_1 invoices-1@42"),
                health.problems());
        assertEquals(3, health.recordFailures());
        now.addAndGet(Duration.ofMinutes(11).toMillis());
        assertEquals(List.of(), health.problems());
    }

    @Test
    void givenLostInput_whenAsked_thenUnhealthyForTheWindowAndCountedByTopic() {
        health.inputLost(new InputGap("invoices", 2, 100, 149));
        health.inputLost(new InputGap("invoices", 0, 7, 7));

        assertEquals(List.of("input lost before processing: invoices partition 2 offsets 100..149 (50 records)",
                "input lost before processing: invoices partition 0 offsets 7..7 (1 records)"), health.problems());
        assertEquals(51, health.lostRecords("invoices"));
        assertEquals(0, health.lostRecords("invoices-json"));
        now.addAndGet(Duration.ofMinutes(10).toMillis() + 1);
        assertEquals(List.of(), health.problems());
        assertEquals(51, health.lostRecords("invoices"));
    }

    @Test
    void givenNoHealthKeys_whenParsed_thenDefaults() {
        assertEquals(HealthLimits.DEFAULT, HealthLimits.from(config(Map.of())));
        assertEquals(new HealthLimits(5, 3, Duration.ofMinutes(30)), HealthLimits.from(config(Map.of(
                HealthLimits.MAX_THREAD_REPLACEMENTS, "5", HealthLimits.MAX_RECORD_FAILURES, "3",
                HealthLimits.WINDOW, "30m"))));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "segstream.health.max-thread-replacements | 0",
        "segstream.health.max-thread-replacements | many",
        "segstream.health.max-record-failures     | 1",
        "segstream.health.window                  | 0",
        "segstream.health.window                  | soon",
    })
    void givenABadValue_whenParsed_thenRefusedNamingTheKey(String key, String value) {
        var e = assertThrows(IllegalArgumentException.class, () -> HealthLimits.from(config(Map.of(key, value))));

        assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
    }

    private static SegstreamConfig config(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of(SegstreamConfig.REGISTRY_URL, "http://reg:8081"));
        all.putAll(settings);
        return SegstreamConfig.load(Optional.empty(), all);
    }
}
