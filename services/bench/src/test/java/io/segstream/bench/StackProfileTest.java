package io.segstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class StackProfileTest {

    private static final String THREAD = "[bench-app-0f3c-StreamThread-1 tid=4242]";
    private static final String LOOP = "java/lang/Thread.run;org/apache/kafka/streams/processor/internals/"
            + "StreamThread.run;org/apache/kafka/streams/processor/internals/StreamTask.process";

    @Test
    void givenCollapsedStacks_whenBrokenDown_thenEachStreamThreadSampleGoesToItsInnermostNamedStage() {
        String collapsed = String.join("\n",
                THREAD + ";" + LOOP + ";io/segstream/stream/features/FeatureProcessor.process;org/rocksdb/RocksDB.get 30",
                THREAD + ";" + LOOP + ";io/segstream/stream/features/FeatureProcessor.process;java/util/HashMap.get 20",
                THREAD + ";" + LOOP + ";org/apache/kafka/streams/state/internals/ThreadCache.get;"
                        + "org/apache/kafka/common/utils/Bytes.compareTo 10",
                THREAD + ";" + LOOP + ";io/segstream/stream/scoring/ScoringProcessor.process;"
                        + "org/apache/avro/specific/SpecificDatumWriter.write 7",
                THREAD + ";" + LOOP + " 4",
                THREAD + ";java/lang/Thread.run;GCTaskThread::run 5",
                "[other-app-StreamThread-1 tid=7];" + LOOP + ";io/segstream/stream/features/FeatureProcessor.process 99",
                "[main tid=1];java/lang/Thread.sleep 50",
                "");

        StackProfile.Breakdown breakdown = StackProfile.breakdown(collapsed, "bench-app-0f3c");

        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("RocksDB (JNI and native)", 30L);
        expected.put("store cache (ThreadCache, NamedCache)", 10L);
        expected.put("Avro output records and serialisation", 7L);
        expected.put("features (segstream)", 20L);
        expected.put("Kafka Streams runtime (processing loop, record routing)", 4L);
        expected.put("other (JVM, GC, JDK)", 5L);
        assertEquals(expected, breakdown.samples());
        assertEquals(76, breakdown.total());
        List<String[]> rows = breakdown.rows(76.0);
        assertEquals("RocksDB (JNI and native)", rows.getFirst()[0]);
        assertEquals("39.5 %", rows.getFirst()[1]);
        assertEquals("30.0 µs", rows.getFirst()[2]);
    }
}
