package io.segstream.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import io.segstream.app.synthetic.FittedPopulations;
import io.segstream.app.synthetic.SyntheticGenerator;
import io.segstream.app.synthetic.SyntheticOptions;
import io.segstream.core.invoice.Invoice;
import io.segstream.devstack.EmbeddedStack;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.devstack.KafkaProbe;
import io.segstream.platform.topics.Topics;
import io.segstream.stream.runtime.StreamApp;
import io.segstream.trainer.cycle.CycleResult;
import io.segstream.trainer.cycle.TrainingCycle;
import io.segstream.trainer.training.TrainingOptions;

/**
 * End-to-end latency at fixed invoice rates: synthetic invoices are sent at each rate in turn (a warm-up, then a
 * measured window) into the running exactly-once stream app with a model in force, and a read_committed consumer
 * measures invoice send to features and to segment change. Each commit interval gets a fresh application and fresh
 * topics; the model, trained once by the trainer on a seed run, is shared. Invoices carry the wall-clock time as
 * their invoice time (see {@link InvoiceSender#send}).
 */
public final class LatencyBench {

    /**
     * @param rates invoices per second, in the order run
     * @param warmup unmeasured time at each rate before its window
     * @param duration measured window at each rate
     * @param commitIntervalsMs the {@code commit.interval.ms} values to compare
     * @param customers synthetic customers
     * @param seed generator seed
     * @param seedInvoices invoices of the seed run the model is trained on
     * @param drainTimeout longest wait after a window for the stream to catch up
     */
    public record Options(List<Double> rates, Duration warmup, Duration duration, List<Integer> commitIntervalsMs,
                          int customers, long seed, int seedInvoices, Duration drainTimeout) {
    }

    /**
     * One rate at one commit interval.
     *
     * @param commitIntervalMs commit.interval.ms
     * @param offeredRate invoices/s asked for
     * @param producedRate invoices/s sent in the window
     * @param processedRate invoices/s the stream processed in the window
     * @param lagAtEnd invoices sent but not yet processed when the window closed
     * @param maxLag largest such backlog sampled during the window
     * @param drainMillis time after the window until the backlog was processed (-1: not within the timeout)
     * @param features invoice to customer-features latency, ms
     * @param changes invoice to segment-change latency, ms
     */
    public record Point(int commitIntervalMs, double offeredRate, double producedRate, double processedRate,
                        long lagAtEnd, long maxLag, long drainMillis, LatencySummary features,
                        LatencySummary changes) {

        /** The stream kept up: it processed what was sent and its backlog stayed within one second of input. */
        public boolean keptUp() {
            return producedRate >= 0.95 * offeredRate && processedRate >= 0.95 * producedRate
                    && maxLag <= Math.max(1_000, offeredRate) && drainMillis >= 0;
        }
    }

    /**
     * @param points every measured rate
     * @param modelVersion the model version in force
     * @param chosenK its k
     */
    public record Result(List<Point> points, long modelVersion, int chosenK) {

        /** The highest offered rate that kept up at {@code commitIntervalMs}, or 0. */
        public double maxSustainableRate(int commitIntervalMs) {
            return points.stream().filter(p -> p.commitIntervalMs() == commitIntervalMs && p.keptUp())
                    .mapToDouble(Point::offeredRate).max().orElse(0);
        }
    }

    private LatencyBench() {
    }

    /** Runs the benchmark on a fresh embedded stack; {@code base} supplies stream and producer settings. */
    public static Result run(SegstreamConfig base, Path workDir, Options options, PrintWriter log) throws Exception {
        try (EmbeddedStack stack = EmbeddedStack.start(workDir.resolve("stack"))) {
            SegstreamConfig config = stack.configure(base);
            SyntheticGenerator generator = new SyntheticGenerator(new SyntheticOptions(options.customers(),
                    options.seed(), SyntheticOptions.DEFAULT_START, FittedPopulations.ONLINE_RETAIL));
            CycleResult model = seedModel(config, workDir, generator, options.seedInvoices(), log);
            List<Point> points = new ArrayList<>();
            for (int interval : options.commitIntervalsMs()) {
                SegstreamConfig run = renamed(config, "ci" + interval)
                        .with("commit.interval.ms", String.valueOf(interval));
                points.addAll(atInterval(stack, run, workDir, interval, generator, options, log));
            }
            var trained = model.model().orElseThrow();
            return new Result(points, trained.getVersion(), trained.getChosenK());
        }
    }

    /** Streams a seed of invoices and has the trainer publish a model from their features. */
    static CycleResult seedModel(SegstreamConfig config, Path workDir, SyntheticGenerator generator,
                                 int seedInvoices, PrintWriter log) throws Exception {
        Topics.ensure(config, config.topics().all());
        String topic = config.topics().invoices().name();
        try (InvoiceSender sender = new InvoiceSender(config, topic, true)) {
            for (int i = 0; i < seedInvoices && generator.hasNext(); i++) {
                sender.send(generator.next());
            }
        }
        SegstreamConfig seed = BenchStreams.fresh(config, "bench-latency-seed", workDir);
        try (KafkaProbe probe = new KafkaProbe(config.require(SegstreamConfig.BOOTSTRAP_SERVERS));
             var timed = BenchStreams.start("seed", seed, seedInvoices, 0, probe, probe.endOffsets(topic),
                     Duration.ofMinutes(5)).app();
             TrainingCycle cycle = new TrainingCycle(config, TrainingOptions.defaults(), Duration.ofMinutes(2),
                     Clock.systemUTC())) {
            CycleResult result = cycle.run();
            if (!result.published()) {
                throw new IllegalStateException("the trainer refused the seed model: " + result.outcome());
            }
            log.printf("seed: %,d invoices, model v%d with k=%d on %,d customers%n", seedInvoices,
                    result.model().orElseThrow().getVersion(), result.model().orElseThrow().getChosenK(),
                    result.snapshot().size());
            log.flush();
            return result;
        }
    }

    private static List<Point> atInterval(EmbeddedStack stack, SegstreamConfig config, Path workDir, int interval,
                                          SyntheticGenerator generator, Options options, PrintWriter log)
            throws Exception {
        Topics.ensure(config, config.topics().all());
        SegstreamConfig streamConfig = BenchStreams.fresh(config, "bench-latency-ci" + interval, workDir);
        List<Point> points = new ArrayList<>();
        try (StreamApp app = StreamApp.start(streamConfig);
             InvoiceSender sender = new InvoiceSender(config, config.topics().invoices().name(), true)) {
            app.awaitRunning(Duration.ofMinutes(1));
            BenchStreams.awaitOrFail(() -> app.scoring().modelVersion() >= 1,
                    System.nanoTime() + Duration.ofMinutes(1).toNanos(), "the stream did not load the model");
            List<LatencyProbe.Window> windows = new ArrayList<>();
            List<long[]> counts = new ArrayList<>();
            try (LatencyProbe probe = new LatencyProbe(stack.bootstrapServers(), config.topics().features().name(),
                    config.topics().changes().name())) {
                for (double rate : options.rates()) {
                    counts.add(atRate(app, sender, probe, windows, generator, rate, options, log, interval));
                }
                // Let the last window's records arrive: backlog processed, one commit, a poll.
                Thread.sleep(interval + 1_000L);
            }
            for (int i = 0; i < options.rates().size(); i++) {
                long[] c = counts.get(i);
                double seconds = c[0] / 1e9;
                Point point = new Point(interval, options.rates().get(i), c[1] / seconds, c[2] / seconds, c[3], c[4],
                        c[5], windows.get(i).features.summary(), windows.get(i).changes.summary());
                points.add(point);
                log.println(LatencyReport.describe(point));
            }
            log.flush();
        }
        return points;
    }

    /** {window nanos, sent, processed, lag at end, max lag, drain ms} of one rate. */
    private static long[] atRate(StreamApp app, InvoiceSender sender, LatencyProbe probe, List<LatencyProbe.Window> windows,
                                 SyntheticGenerator generator, double rate, Options options, PrintWriter log,
                                 int interval) throws InterruptedException {
        log.printf("commit.interval.ms=%d: %,.0f invoices/s, %s warm-up + %s%n", interval, rate, options.warmup(),
                options.duration());
        log.flush();
        send(sender, generator, rate, options.warmup().toNanos(), () -> { });
        LatencyProbe.Window window = probe.open();
        windows.add(window);
        long sent0 = sender.sent();
        long processed0 = app.counters().inputs();
        long t0 = System.nanoTime();
        long[] maxLag = {0};
        long[] nextSample = {t0};
        send(sender, generator, rate, options.duration().toNanos(), () -> {
            long now = System.nanoTime();
            if (now >= nextSample[0]) {
                nextSample[0] = now + 100_000_000L;
                maxLag[0] = Math.max(maxLag[0], sender.sent() - app.counters().inputs());
            }
        });
        long t1 = System.nanoTime();
        probe.close(window);
        long sent = sender.sent() - sent0;
        long processed = app.counters().inputs() - processed0;
        long lagAtEnd = sender.sent() - app.counters().inputs();
        long drainStart = System.nanoTime();
        long deadline = drainStart + options.drainTimeout().toNanos();
        long drainMillis = 0;
        try {
            BenchStreams.awaitOrFail(() -> app.counters().inputs() >= sender.sent(), deadline, "lagging");
            drainMillis = BenchStreams.millis(System.nanoTime() - drainStart);
        } catch (IllegalStateException e) {
            drainMillis = -1;
        }
        return new long[] {t1 - t0, sent, processed, lagAtEnd, Math.max(maxLag[0], lagAtEnd), drainMillis};
    }

    /** Sends at a constant {@code rate} for {@code nanos}: invoice i is due at start + i / rate. */
    static void send(InvoiceSender sender, Iterator<Invoice> generator, double rate, long nanos, Runnable tick) {
        long start = System.nanoTime();
        double interval = 1e9 / rate;
        for (long i = 0; ; i++) {
            long due = start + (long) (i * interval);
            long now = System.nanoTime();
            if (due - start >= nanos) {
                return;
            }
            if (due > now) {
                LockSupport.parkNanos(due - now);
            }
            if (!generator.hasNext()) {
                throw new IllegalStateException("the synthetic generator ran out of invoices; raise --customers");
            }
            sender.send(generator.next());
            tick.run();
        }
    }

    /**
     * {@code config} with its invoice, features, changes, segments and dead-letter topics prefixed (models
     * shared).
     */
    static SegstreamConfig renamed(SegstreamConfig config, String prefix) {
        SegstreamConfig renamed = config;
        for (String topic : List.of("invoices", "invoices-json", "customer-features", "segment-changes",
                "customer-segments", "dead-letters")) {
            renamed = renamed.with(SegstreamConfig.TOPIC_PREFIX + topic, prefix + "-" + topic);
        }
        return renamed;
    }

    /** The invoice producer: Avro values, send-time header, counting what it sent. */
}
