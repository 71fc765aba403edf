package io.segstream.stream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.segstream.stream.health.HealthLimits;
import io.segstream.stream.health.InputGap;
import io.segstream.stream.health.StreamHealth;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

/** The uncaught-exception handler replaces the thread and counts it; the health meters read the counts. */
class ThreadReplacementTest {

    @Test
    void givenFailingThreads_whenHandled_thenReplacedCountedAndUnhealthyPastTheLimit() {
        StreamHealth health = new StreamHealth(HealthLimits.DEFAULT);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        StreamMetrics.bindHealth(registry, health, List.of("invoices", "invoices-json"));
        var handler = StreamApp.replaceThread(health);
        StreamsException failure = new StreamsException("Exception caught in process. taskId=0_2, "
                + "processor=validate-avro, topic=invoices, partition=2, offset=9", new ArithmeticException(),
                new TaskId(0, 2));

        for (int i = 0; i < 4; i++) {
            assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, handler.handle(failure));
        }
        health.inputLost(new InputGap("invoices-json", 1, 10, 19));

        assertEquals(4.0, registry.get("segstream.stream.thread.replacements").functionCounter().count());
        assertEquals(4.0, registry.get("segstream.stream.record.failures").functionCounter().count());
        assertEquals(0.0, registry.get("segstream.input.lost.records").tag("topic", "invoices").functionCounter()
                .count());
        assertEquals(10.0, registry.get("segstream.input.lost.records").tag("topic", "invoices-json")
                .functionCounter().count());
        assertEquals(List.of("stream threads replaced 4 times in the last PT15M (limit 3)",
                "the same record failed 4 times in the last PT15M: task 0_2 invoices-2@9",
                "input lost before processing: invoices-json partition 1 offsets 10..19 (10 records)"),
                health.problems());
    }
}
