package io.segstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import one.profiler.AsyncProfiler;
import one.profiler.AsyncProfilerLoader;
import one.profiler.Counter;

/**
 * async-profiler on this JVM for part of a bench run, loaded from the ap-loader jar (no system install): CPU samples
 * of every thread, written as a flame graph (HTML), and the samples of one application's stream threads sorted into
 * stages by the innermost frame that names one (so CPU spent in RocksDB counts as RocksDB whoever called it).
 */
final class StackProfile {

    /**
     * A stage of the stream thread's work and the frames that belong to it, first match from the leaf; frames are
     * matched with dots for slashes (async-profiler writes {@code org/rocksdb/RocksDB.get}).
     */
    private record Stage(String name, Predicate<String> frame) {
    }

    private static final List<Stage> STAGES = List.of(
            new Stage("RocksDB (JNI and native)", anyOf("rocksdb", "RocksDB")),
            new Stage("store cache (ThreadCache, NamedCache)", anyOf("ThreadCache", "NamedCache", "LRUCacheEntry")),
            new Stage("state, assignment and history codecs", anyOf("CustomerState", "CustomerRecordCodec",
                    "ChangeHistoryCodec", "VarInts", "PredictedInterest")),
            new Stage("invoice decode and checks", anyOf("InvoiceWireReader", "io.segstream.stream.validation")),
            new Stage("Avro output records and serialisation", anyOf("org.apache.avro", "segstream.platform.serde",
                    "segstream.avro.")),
            new Stage("producer sends (changelogs, outputs)", anyOf("producer.internals", "KafkaProducer",
                    "RecordCollector")),
            new Stage("commit and transactions", anyOf("TransactionManager", "commit")),
            new Stage("consumer poll and fetch", anyOf("consumer.internals", "KafkaConsumer")),
            new Stage("features (segstream)", anyOf("segstream.stream.features", "segstream.core.features",
                    "segstream.core.cleaning")),
            new Stage("scoring, lifetime values, explanations (segstream)", anyOf("segstream.stream.scoring",
                    "segstream.core.scoring", "segstream.core.clv", "segstream.stream.lifetime",
                    "segstream.core.explain", "segstream.stream.drift")),
            new Stage("interest prediction (segstream)", anyOf("segstream.core.interest",
                    "segstream.stream.interest")),
            new Stage("Kafka Streams runtime (processing loop, record routing)", anyOf("kafka.streams")));
    private static final String OTHER = "other (JVM, GC, JDK)";

    private final AsyncProfiler profiler;

    private static Predicate<String> anyOf(String... parts) {
        return frame -> {
            for (String part : parts) {
                if (frame.contains(part)) {
                    return true;
                }
            }
            return false;
        };
    }

    private StackProfile(AsyncProfiler profiler) {
        this.profiler = profiler;
    }

    /**
     * Starts sampling CPU every {@code intervalMicros} (perf events where the kernel allows them, else a timer).
     *
     * @throws IllegalStateException when the profiler cannot be loaded on this platform
     */
    static StackProfile start(int intervalMicros) {
        AsyncProfiler profiler;
        try {
            profiler = AsyncProfilerLoader.load();
            profiler.execute("start,event=cpu,interval=" + intervalMicros * 1000L + ",threads");
        } catch (IOException | IllegalStateException | UnsupportedOperationException e) {
            throw new IllegalStateException("async-profiler cannot run here (" + e.getMessage() + "); run without "
                    + "--profile", e);
        }
        return new StackProfile(profiler);
    }

    /**
     * Stops sampling, writes the flame graph of every thread to {@code html} and the same samples as collapsed stacks
     * (one line per stack, for scripts) beside it ({@code .collapsed.txt}), and returns the stream threads' samples of
     * {@code applicationId} by stage.
     */
    Breakdown stop(Path html, String applicationId) throws IOException {
        String collapsed = profiler.dumpCollapsed(Counter.SAMPLES);
        if (html.toAbsolutePath().getParent() != null) {
            Files.createDirectories(html.toAbsolutePath().getParent());
        }
        Files.writeString(html.resolveSibling(html.getFileName().toString().replaceFirst("\\.html$", "")
                + ".collapsed.txt"), collapsed);
        profiler.execute("stop,file=" + html.toAbsolutePath());
        return breakdown(collapsed, applicationId);
    }

    /**
     * Stream-thread samples by stage.
     *
     * @param samples samples per stage, in the order of the stages, stages without samples left out
     * @param total   all samples of the stream threads
     */
    record Breakdown(Map<String, Long> samples, long total) {

        /** Rows of stage, share of the stream thread's samples, and µs of CPU per record given the measured total. */
        List<String[]> rows(double cpuMicrosPerRecord) {
            List<String[]> rows = new ArrayList<>();
            samples.forEach((stage, n) -> rows.add(new String[] {stage,
                String.format(Locale.ROOT, "%.1f %%", 100.0 * n / total),
                String.format(Locale.ROOT, "%.1f µs", cpuMicrosPerRecord * n / total)}));
            return rows;
        }
    }

    /** Sorts the collapsed stacks ("thread;frame;...;leaf count" per line) of the application's stream threads. */
    static Breakdown breakdown(String collapsed, String applicationId) {
        Map<String, Long> byStage = new LinkedHashMap<>();
        STAGES.forEach(stage -> byStage.put(stage.name(), 0L));
        byStage.put(OTHER, 0L);
        long total = 0;
        for (String line : collapsed.split("\n")) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            String[] frames = line.substring(0, space).split(";");
            if (!frames[0].contains(applicationId) || !frames[0].contains("-StreamThread-")) {
                continue;
            }
            long count = Long.parseLong(line.substring(space + 1).trim());
            byStage.merge(stageOf(frames), count, Long::sum);
            total += count;
        }
        byStage.values().removeIf(n -> n == 0);
        return new Breakdown(byStage, total);
    }

    private static String stageOf(String[] frames) {
        for (int i = frames.length - 1; i > 0; i--) {
            String frame = frames[i].replace('/', '.');
            for (Stage stage : STAGES) {
                if (stage.frame().test(frame)) {
                    return stage.name();
                }
            }
        }
        return OTHER;
    }
}
