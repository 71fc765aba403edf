package io.segstream.bench;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.segstream.app.synthetic.FittedPopulations;
import io.segstream.app.synthetic.SyntheticGenerator;
import io.segstream.app.synthetic.SyntheticOptions;
import io.segstream.core.invoice.Invoice;
import io.segstream.devstack.EmbeddedStack;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.devstack.KafkaProbe;
import io.segstream.platform.topics.Topics;
import io.segstream.stream.runtime.StreamApp;
import io.segstream.trainer.cycle.TrainingCycle;
import io.segstream.trainer.schedule.Schedule;
import io.segstream.trainer.schedule.Trainer;
import io.segstream.trainer.training.TrainingOptions;
import org.apache.kafka.common.MetricName;

/**
 * A bounded soak: a fixed population of synthetic customers buying at a steady rate into the running exactly-once
 * stream (a trainer refitting alongside) for a fixed time, sampling heap after a full GC, consumer lag, invoice-to-features p99 and the size of
 * the RocksDB stores at a fixed period. The trend of each is its least-squares slope after a warm-up; the verdict
 * says whether any of them grows without bound. Broker, stream and trainer share this JVM, so the heap is theirs
 * together; the registry runs in its own process.
 */
public final class SoakBench {

    /** Samples before this share of the run are the warm-up, left out of the trends. */
    static final double WARMUP_SHARE = 0.2;

    /**
     * @param rate invoices per second
     * @param duration how long invoices are sent
     * @param sampleEvery sampling period
     * @param refitEvery wall-clock interval of the trainer's refits
     * @param customers synthetic customers
     * @param seed generator seed
     * @param seedInvoices invoices streamed before the soak to train the first model on
     */
    public record Options(double rate, Duration duration, Duration sampleEvery, Duration refitEvery, int customers,
                          long seed, int seedInvoices) {
    }

    /**
     * One sample.
     *
     * @param minutes minutes since the soak began
     * @param heapAfterGcBytes heap in use right after a full GC
     * @param lag invoices on the input topic not yet committed by the stream
     * @param p99Millis invoice-to-features p99 of the invoices sent since the previous sample
     * @param stateBytes bytes of the RocksDB stores: SST files plus memtables
     * @param customers customers in the stream's state (the sum of the segment sizes)
     * @param invoices invoices the stream has processed in the soak
     */
    public record Sample(double minutes, long heapAfterGcBytes, long lag, long p99Millis, long stateBytes,
                         long customers, long invoices) {

        /** State bytes per invoice held: exact features keep every invoice number, so state grows with invoices. */
        public double stateBytesPerInvoice(long before) {
            return invoices + before == 0 ? 0 : stateBytes / (double) (invoices + before);
        }
    }

    /**
     * The trend of one measure.
     *
     * @param measure what was measured
     * @param unit its unit
     * @param mean its mean after the warm-up
     * @param slopePerHour least-squares slope after the warm-up, in unit per hour
     * @param slopeHalfWidth half-width of the slope's 95 % interval (normal approximation, samples taken as
     *                       independent: the interval is too narrow where neighbouring samples are correlated)
     * @param rule what counts as bounded
     * @param bounded whether it is
     */
    public record Trend(String measure, String unit, double mean, double slopePerHour, double slopeHalfWidth,
                        String rule, boolean bounded) {
    }

    /**
     * @param samples every sample, in order
     * @param trends one per measure
     * @param sent invoices sent
     * @param processed invoices the stream processed
     * @param refits models the trainer published during the soak
     * @param seedInvoices invoices in state before the soak began
     */
    public record Result(List<Sample> samples, List<Trend> trends, long sent, long processed, long refits,
                         long seedInvoices) {

        /** Every measure bounded and every invoice processed. */
        public boolean passed() {
            return processed == sent && trends.stream().allMatch(Trend::bounded);
        }
    }

    private SoakBench() {
    }

    /** Runs the soak on a fresh embedded stack; {@code base} supplies stream and producer settings. */
    public static Result run(SegstreamConfig base, Path workDir, Options options, PrintWriter log) throws Exception {
        try (EmbeddedStack stack = EmbeddedStack.start(workDir.resolve("stack"))) {
            return soak(stack.configure(base), workDir, options, log);
        }
    }

    /**
     * Runs the soak against the broker and registry that {@code config} names (for example {@code segstream infra}
     * in another process): the heap sampled is then the stream's, the trainer's and the sender's alone, without the
     * broker's, whose request histograms (Yammer reservoirs of up to 1,028 samples each, one per request type and
     * measure) fill for hours and look like growth in a shared JVM.
     */
    public static Result runExternal(SegstreamConfig config, Path workDir, Options options, PrintWriter log)
            throws Exception {
        return soak(config.with(SegstreamConfig.INVOICES_RETENTION, SegstreamConfig.FOREVER), workDir, options, log);
    }

    private static Result soak(SegstreamConfig config, Path workDir, Options options, PrintWriter log)
            throws Exception {
        String bootstrap = config.require(SegstreamConfig.BOOTSTRAP_SERVERS);
        SyntheticGenerator generator = new SyntheticGenerator(new SyntheticOptions(options.customers(),
                options.seed(), SyntheticOptions.DEFAULT_START, FittedPopulations.ONLINE_RETAIL));
        LatencyBench.seedModel(config, workDir, generator, options.seedInvoices(), log);
        SegstreamConfig soak = LatencyBench.renamed(config, "soak");
        Topics.ensure(soak, soak.topics().all());
        SegstreamConfig streamConfig = BenchStreams.fresh(soak, "bench-soak", workDir);
        String group = streamConfig.require(SegstreamConfig.APPLICATION_ID);
        String invoices = soak.topics().invoices().name();
        try (StreamApp app = StreamApp.start(streamConfig);
             InvoiceSender sender = new InvoiceSender(soak, invoices, true);
             KafkaProbe probe = new KafkaProbe(bootstrap);
             LatencyProbe latency = new LatencyProbe(bootstrap, soak.topics().features().name(),
                     soak.topics().changes().name());
             TrainingCycle cycle = new TrainingCycle(soak, TrainingOptions.defaults(), Duration.ofMinutes(2),
                     Clock.systemUTC())) {
            app.awaitRunning(Duration.ofMinutes(1));
            BenchStreams.awaitOrFail(() -> app.scoring().modelVersion() >= 1,
                    System.nanoTime() + Duration.ofMinutes(1).toNanos(), "the stream did not load the model");
            Trainer trainer = new Trainer(cycle, new Schedule(options.refitEvery(), 0), soak.kafkaProperties(),
                    soak.topics().features().name(), Duration.ofMinutes(1), r -> { });
            Thread trainerThread = Thread.ofPlatform().name("soak-trainer").start(trainer);
            List<Measured> measured = new CopyOnWriteArrayList<>();
            long start = System.nanoTime();
            LatencyProbe.Window[] window = {latency.open()};
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "soak-sampler");
                t.setDaemon(true);
                return t;
            });
            long period = options.sampleEvery().toMillis();
            sampler.scheduleAtFixedRate(() -> {
                // The window closed a period ago has its records by now: read its p99 and let it go.
                if (!measured.isEmpty()) {
                    measured.getLast().settle(latency);
                }
                LatencyProbe.Window closed = window[0];
                latency.close(closed);
                window[0] = latency.open();
                Measured m = measure(start, app, probe, group, invoices, closed);
                measured.add(m);
                log.printf("%6.1f min  heap %,6.1f MB  lag %,8d  rocksdb %,8.1f MB  customers %,9d%n",
                        m.minutes, m.heap / 1e6, m.lag, m.stateBytes / 1e6, m.customers);
                log.flush();
            }, period, period, TimeUnit.MILLISECONDS);
            try {
                LatencyBench.send(sender, new Population(options, generator), options.rate(),
                        options.duration().toNanos(), () -> { });
            } finally {
                sampler.shutdown();
                sampler.awaitTermination(1, TimeUnit.MINUTES);
                trainer.stop();
                trainer.awaitStop(Duration.ofMinutes(2));
                trainerThread.join(10_000);
            }
            long sent = sender.sent();
            BenchStreams.awaitOrFail(() -> app.counters().inputs() >= sent,
                    System.nanoTime() + Duration.ofMinutes(2).toNanos(), "the stream did not catch up");
            // The last windows' records arrive after one more commit and poll.
            Thread.sleep(2_000);
            measured.getLast().settle(latency);
            List<Sample> samples = measured.stream().map(Measured::sample).toList();
            return new Result(samples, trends(samples, options.rate(), options.seedInvoices()), sent, app.counters().inputs(),
                    cycle.stats().published(), options.seedInvoices());
        }
    }

    /**
     * The same customers buying for as long as the soak runs: when the generator's customers have all stopped buying,
     * a new generator (next seed) draws new histories for the same customer ids. Invoice numbers of round r are
     * offset by r * 10^9 so that no invoice is a re-send of an earlier one.
     */
    static final class Population implements Iterator<Invoice> {

        private static final long ROUND = 1_000_000_000L;
        private final Options options;
        private SyntheticGenerator generator;
        private int round;

        Population(Options options, SyntheticGenerator first) {
            this.options = options;
            this.generator = first;
        }

        @Override
        public boolean hasNext() {
            return true;
        }

        @Override
        public Invoice next() {
            if (!generator.hasNext()) {
                round++;
                generator = new SyntheticGenerator(new SyntheticOptions(options.customers(), options.seed() + round,
                        SyntheticOptions.DEFAULT_START, FittedPopulations.ONLINE_RETAIL));
            }
            Invoice invoice = generator.next();
            if (round == 0) {
                return invoice;
            }
            long number = Long.parseLong(invoice.invoiceNo().substring(1)) + round * ROUND;
            return new Invoice("S" + number, invoice.customerId(), invoice.country(), invoice.invoiceTimeMillis(),
                    invoice.lines(), invoice.source());
        }
    }

    /** A sample whose p99 is read once its window's records have arrived. */
    private static final class Measured {
        final double minutes;
        final long heap;
        final long lag;
        final long stateBytes;
        final long customers;
        final long invoices;
        private LatencyProbe.Window window;
        private long p99;

        Measured(double minutes, long heap, long lag, long stateBytes, long customers, long invoices,
                 LatencyProbe.Window window) {
            this.minutes = minutes;
            this.heap = heap;
            this.lag = lag;
            this.stateBytes = stateBytes;
            this.customers = customers;
            this.invoices = invoices;
            this.window = window;
        }

        void settle(LatencyProbe probe) {
            if (window != null) {
                p99 = window.features.summary().p99();
                probe.forget(window);
                window = null;
            }
        }

        Sample sample() {
            return new Sample(minutes, heap, lag, p99, stateBytes, customers, invoices);
        }
    }

    private static Measured measure(long start, StreamApp app, KafkaProbe probe, String group, String topic,
                                    LatencyProbe.Window window) {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long end = probe.endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
        long lag = Math.max(0, end - probe.committed(group, topic));
        // Every customer in state is in exactly one segment once a model is in force.
        long customers = app.scoring().segmentSizes().values().stream().mapToLong(Long::longValue).sum();
        return new Measured((System.nanoTime() - start) / 60e9, heap, lag, rocksDbBytes(app), customers,
                app.counters().inputs(), window);
    }

    /**
     * The trend of each measure after the warm-up, and whether it is bounded: heap and state per invoice grow by
     * less than 10 % of their mean per hour, the p99 by less than half its mean (at least 50 ms) per hour, and the lag
     * stays under two seconds of input on average over the last quarter. State is judged per invoice because exact,
     * re-send-proof features keep each invoice's number: it grows with purchases by design, not with time.
     */
    static List<Trend> trends(List<Sample> samples, double rate, long seedInvoices) {
        List<Sample> steady = samples.subList((int) Math.floor(samples.size() * WARMUP_SHARE), samples.size());
        List<Trend> trends = new ArrayList<>();
        trends.add(relative("heap after GC", "MB", steady, s -> s.heapAfterGcBytes() / 1e6, 0.10));
        trends.add(relative("state per invoice", "bytes", steady, x -> x.stateBytesPerInvoice(seedInvoices), 0.10));
        double p99Mean = mean(steady, s -> s.p99Millis());
        double p99Slope = slopePerHour(steady, s -> s.p99Millis());
        double p99Limit = Math.max(50, 0.5 * p99Mean);
        trends.add(new Trend("invoice->features p99", "ms", p99Mean, p99Slope,
                slopeHalfWidth(steady, s -> s.p99Millis()),
                String.format("slope < %.0f ms/h", p99Limit), p99Slope < p99Limit));
        List<Sample> lastQuarter = samples.subList((int) Math.floor(samples.size() * 0.75), samples.size());
        double lagLimit = 2 * rate;
        double lagTail = mean(lastQuarter, s -> s.lag());
        trends.add(new Trend("consumer lag", "invoices", mean(steady, s -> s.lag()), slopePerHour(steady, s -> s.lag()),
                slopeHalfWidth(steady, s -> s.lag()),
                String.format("last-quarter mean %,.0f < %,.0f (2 s of input)", lagTail, lagLimit),
                lagTail < lagLimit));
        return trends;
    }

    private static Trend relative(String measure, String unit, List<Sample> steady, ToDoubleFunction<Sample> value,
                                  double share) {
        double mean = mean(steady, value);
        double slope = slopePerHour(steady, value);
        return new Trend(measure, unit, mean, slope, slopeHalfWidth(steady, value),
                String.format("slope < %.0f%% of mean per hour", share * 100), slope < share * mean);
    }

    /** Least-squares slope of {@code value} against the sample time, per hour; 0 with fewer than two samples. */
    static double slopePerHour(List<Sample> samples, ToDoubleFunction<Sample> value) {
        int n = samples.size();
        if (n < 2) {
            return 0;
        }
        double meanT = samples.stream().mapToDouble(Sample::minutes).average().orElse(0);
        double meanV = mean(samples, value);
        double num = 0;
        double den = 0;
        for (Sample s : samples) {
            double dt = s.minutes() - meanT;
            num += dt * (value.applyAsDouble(s) - meanV);
            den += dt * dt;
        }
        return den == 0 ? 0 : num / den * 60;
    }

    /**
     * Half-width of the 95 % interval of {@link #slopePerHour}: 1.96 standard errors of the least-squares slope,
     * per hour; 0 with fewer than three samples.
     */
    static double slopeHalfWidth(List<Sample> samples, ToDoubleFunction<Sample> value) {
        int n = samples.size();
        if (n < 3) {
            return 0;
        }
        double meanT = samples.stream().mapToDouble(Sample::minutes).average().orElse(0);
        double meanV = mean(samples, value);
        double slope = slopePerHour(samples, value) / 60;
        double residuals = 0;
        double den = 0;
        for (Sample s : samples) {
            double dt = s.minutes() - meanT;
            double r = value.applyAsDouble(s) - meanV - slope * dt;
            residuals += r * r;
            den += dt * dt;
        }
        return den == 0 ? 0 : 1.96 * Math.sqrt(residuals / (n - 2) / den) * 60;
    }

    private static double mean(List<Sample> samples, ToDoubleFunction<Sample> value) {
        return samples.stream().mapToDouble(value).average().orElse(0);
    }

    /**
     * SST files plus memtables of every RocksDB store of the app, from Kafka Streams' RocksDB property metrics (the
     * state directory alone misses what is still in memtables).
     */
    static long rocksDbBytes(StreamApp app) {
        double total = 0;
        for (var e : app.streams().metrics().entrySet()) {
            MetricName name = e.getKey();
            if (name.group().equals("stream-state-metrics")
                    && (name.name().equals("total-sst-files-size") || name.name().equals("size-all-mem-tables"))
                    && e.getValue().metricValue() instanceof Number n) {
                total += n.doubleValue();
            }
        }
        return (long) total;
    }
}
