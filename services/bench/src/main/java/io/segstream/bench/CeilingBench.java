package io.segstream.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

import io.segstream.app.synthetic.SyntheticGenerator;
import io.segstream.app.synthetic.SyntheticOptions;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.devstack.EmbeddedStack;
import io.segstream.platform.topics.TopicSpec;
import io.segstream.platform.topics.Topics;
import io.segstream.stream.runtime.StreamApp;
import io.segstream.trainer.cycle.CycleResult;
import io.segstream.trainer.cycle.TrainingCycle;
import io.segstream.trainer.training.TrainingOptions;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * What Kafka Streams itself reaches on this machine, next to segstream, on the same broker, input and settings: a
 * topic of generated Avro invoices is read by
 * <ol>
 * <li>a bare pass-through (each record forwarded unchanged to an output topic),</li>
 * <li>a bare aggregate (a per-customer count in a persistent, cached, changelogged store, forwarded on every
 * update: the smallest stateful Kafka Streams application),</li>
 * <li>segstream's stream app without a model (features only), and</li>
 * <li>segstream's stream app with a trained model (features and scoring),</li>
 * </ol>
 * each on a fresh application id. Rates are measured over the second half of the input, after the JIT compiler has
 * seen the first half, and over the whole input.
 */
public final class CeilingBench {

    /**
     * @param invoices invoices to generate (fewer if the customers' histories run out first)
     * @param customers synthetic customers
     * @param seed generator seed
     * @param liveTimes stamp invoices with the wall clock (live traffic) instead of their generated history
     * @param segstreamOnly skip the bare Kafka Streams applications
     * @param timeout longest any run may take
     */
    public record Options(int invoices, int customers, long seed, boolean liveTimes, boolean segstreamOnly,
                          Duration timeout, Path profile) {
    }

    /**
     * The profile of segstream's features + scoring run over its second half.
     *
     * @param flameGraph        the flame graph of every thread (HTML)
     * @param breakdown         the stream thread's samples by stage
     * @param cpuMicrosPerRecord the run's stream-thread CPU per record, shared out by the stages
     */
    public record Profile(Path flameGraph, StackProfile.Breakdown breakdown, double cpuMicrosPerRecord) {
    }

    /**
     * One application over the whole input.
     *
     * @param name what ran
     * @param startupMillis start to the first record processed
     * @param allPerSecond records per second over the whole input
     * @param steadyPerSecond records per second over the second half
     * @param cpuMicrosPerRecord CPU time of the application's stream threads per record over the second half
     */
    public record Run(String name, long startupMillis, double allPerSecond, double steadyPerSecond,
                      double cpuMicrosPerRecord) {
    }

    /**
     * @param invoices invoices sent
     * @param produceSeconds time to send them all, acknowledged
     * @param runs the runs, in order
     * @param settings stream settings that shape the numbers
     */
    public record Result(long invoices, double produceSeconds, List<Run> runs, Map<String, String> settings,
                         Optional<Profile> profile) {
    }

    private static final String COUNTS = "counts";
    /** One CPU sample per millisecond of each thread: about 10,000 samples of the stream thread per run. */
    private static final int PROFILE_INTERVAL_MICROS = 1_000;

    private CeilingBench() {
    }

    /** Runs the benchmark on a fresh embedded stack; {@code base} supplies stream and producer settings. */
    public static Result run(SegstreamConfig base, Path workDir, Options options, PrintWriter log) throws Exception {
        try (EmbeddedStack stack = EmbeddedStack.start(workDir.resolve("stack"))) {
            SegstreamConfig config = stack.configure(base);
            Topics.ensure(config, config.topics().all());
            String invoicesTopic = config.topics().invoices().name();
            SyntheticGenerator generator = new SyntheticGenerator(SyntheticOptions.of(options.customers(),
                    options.seed()));
            long t0 = System.nanoTime();
            long sent;
            try (InvoiceSender sender = new InvoiceSender(config, invoicesTopic, options.liveTimes())) {
                while (sender.sent() < options.invoices() && generator.hasNext()) {
                    sender.send(generator.next());
                }
                sent = sender.sent();
            }
            double produceSeconds = (System.nanoTime() - t0) / 1e9;
            log.printf("produced %,d invoices in %.2f s%n", sent, produceSeconds);
            log.flush();
            int partitions = config.getInt(SegstreamConfig.PARTITIONS);
            createTopics(config, List.of(new TopicSpec("ceiling-pass-through", partitions, false),
                    new TopicSpec("ceiling-aggregate", partitions, true)));
            List<Run> runs = new ArrayList<>();
            if (!options.segstreamOnly()) {
                runs.add(bare("pass-through", passThroughOf(invoicesTopic, "ceiling-pass-through"), config,
                        workDir, sent, options, log));
                runs.add(bare("aggregate", aggregateOf(invoicesTopic, "ceiling-aggregate"), config, workDir, sent,
                        options, log));
            }
            SegstreamConfig cold = BenchStreams.fresh(config, "bench-ceiling-segstream-cold", workDir);
            try (StreamApp app = StreamApp.start(cold)) {
                runs.add(measure("segstream, features only (no model)", cold.require(SegstreamConfig.APPLICATION_ID),
                        () -> app.counters().inputs(), sent,
                        options.timeout(), log, null).run());
                try (TrainingCycle cycle = new TrainingCycle(config, TrainingOptions.defaults(), options.timeout(),
                        Clock.systemUTC())) {
                    CycleResult trained = cycle.run();
                    if (!trained.published()) {
                        throw new IllegalStateException("the trainer refused the model: " + trained.outcome());
                    }
                }
            }
            SegstreamConfig warm = BenchStreams.fresh(config, "bench-ceiling-segstream-scored", workDir);
            Optional<Profile> profile;
            try (StreamApp app = StreamApp.start(warm)) {
                Measured scored = measure("segstream, features + scoring", warm.require(SegstreamConfig.APPLICATION_ID),
                        () -> app.counters().inputs(), sent, options.timeout(), log, options.profile());
                runs.add(scored.run());
                profile = scored.profile();
            }
            return new Result(sent, produceSeconds, runs, ReplayBench.settings(config), profile);
        }
    }

    private static void createTopics(SegstreamConfig config, List<TopicSpec> specs) throws InterruptedException {
        Topics.ensure(config, specs);
    }

    private static Run bare(String name, Function<AtomicLong, Topology> topology,
                            SegstreamConfig config, Path workDir, long records, Options options, PrintWriter log)
            throws InterruptedException {
        SegstreamConfig fresh = BenchStreams.fresh(config, "bench-ceiling-" + name, workDir);
        Properties props = StreamApp.streamsProperties(fresh);
        props.remove(StreamsConfig.APPLICATION_SERVER_CONFIG);
        AtomicLong processed = new AtomicLong();
        try (KafkaStreams streams = new KafkaStreams(topology.apply(processed), props)) {
            streams.start();
            return measure(name, fresh.require(SegstreamConfig.APPLICATION_ID), processed::get, records,
                    options.timeout(), log, null).run();
        }
    }

    /** A run, and its profile when one was asked for. */
    private record Measured(Run run, Optional<Profile> profile) {
    }

    /** @param profile where to write the flame graph of the second half; null for no profile */
    private static Measured measure(String name, String applicationId, LongSupplier processed, long records,
                                    Duration timeout, PrintWriter log, Path profile) throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        BenchStreams.awaitOrFail(() -> processed.getAsLong() > 0, deadline, name + ": nothing processed");
        long first = System.nanoTime();
        long half = records / 2;
        BenchStreams.awaitOrFail(() -> processed.getAsLong() >= half, deadline, name + ": half not processed");
        long middle = System.nanoTime();
        long atMiddle = processed.getAsLong();
        long cpuAtMiddle = streamThreadCpuNanos(applicationId);
        StackProfile profiler = profile == null ? null : StackProfile.start(PROFILE_INTERVAL_MICROS);
        BenchStreams.awaitOrFail(() -> processed.getAsLong() >= records, deadline,
                name + ": processed only " + processed.getAsLong() + " of " + records);
        long last = System.nanoTime();
        long cpu = streamThreadCpuNanos(applicationId) - cpuAtMiddle;
        StackProfile.Breakdown breakdown = null;
        if (profiler != null) {
            try {
                breakdown = profiler.stop(profile, applicationId);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the profile " + profile, e);
            }
        }
        Run run = new Run(name, BenchStreams.millis(first - t0), records / ((last - first) / 1e9),
                (records - atMiddle) / ((last - middle) / 1e9), cpu / 1e3 / (records - atMiddle));
        log.printf("%s: start %,d ms, %,.0f records/s over all, %,.0f records/s and %.1f µs of stream-thread CPU "
                + "per record over the second half%n", name, run.startupMillis(), run.allPerSecond(),
                run.steadyPerSecond(), run.cpuMicrosPerRecord());
        log.flush();
        Run measured = run;
        return new Measured(run, Optional.ofNullable(breakdown)
                .map(b -> new Profile(profile, b, measured.cpuMicrosPerRecord())));
    }

    /** CPU time so far of the stream threads of an application (Kafka Streams names them after its id). */
    private static long streamThreadCpuNanos(String applicationId) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith(applicationId + "-") && thread.getName().contains("-StreamThread-")) {
                total += Math.max(0, threads.getThreadCpuTime(thread.threadId()));
            }
        }
        return total;
    }

    /** Source to sink, counting. */
    static Topology passThrough(String input, String output, AtomicLong processed) {
        Topology topology = new Topology();
        var bytes = Serdes.ByteArray();
        topology.addSource("in", bytes.deserializer(), bytes.deserializer(), input);
        topology.addProcessor("count", () -> new Processor<byte[], byte[], byte[], byte[]>() {
            private ProcessorContext<byte[], byte[]> context;

            @Override
            public void init(ProcessorContext<byte[], byte[]> context) {
                this.context = context;
            }

            @Override
            public void process(Record<byte[], byte[]> record) {
                context.forward(record);
                processed.incrementAndGet();
            }
        }, "in");
        topology.addSink("out", output, bytes.serializer(), bytes.serializer(), "count");
        return topology;
    }

    static Function<AtomicLong, Topology> passThroughOf(String input, String output) {
        return processed -> passThrough(input, output, processed);
    }

    /** A per-key count in a persistent, cached, changelogged store, forwarded on every update. */
    static Topology aggregate(String input, String output, AtomicLong processed) {
        Topology topology = new Topology();
        var bytes = Serdes.ByteArray();
        topology.addSource("in", Serdes.String().deserializer(), bytes.deserializer(), input);
        topology.addProcessor("count", () -> new Processor<String, byte[], String, Long>() {
            private ProcessorContext<String, Long> context;
            private KeyValueStore<String, Long> counts;

            @Override
            public void init(ProcessorContext<String, Long> context) {
                this.context = context;
                counts = context.getStateStore(COUNTS);
            }

            @Override
            public void process(Record<String, byte[]> record) {
                Long previous = counts.get(record.key());
                long count = previous == null ? 1 : previous + 1;
                counts.put(record.key(), count);
                context.forward(record.withValue(count));
                processed.incrementAndGet();
            }
        }, "in");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(COUNTS), Serdes.String(),
                Serdes.Long()).withCachingEnabled(), "count");
        topology.addSink("out", output, Serdes.String().serializer(), Serdes.Long().serializer(), "count");
        return topology;
    }

    static Function<AtomicLong, Topology> aggregateOf(String input, String output) {
        return processed -> aggregate(input, output, processed);
    }
}
