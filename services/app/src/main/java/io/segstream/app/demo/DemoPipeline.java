package io.segstream.app.demo;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import io.segstream.app.pacing.Pacer;
import io.segstream.app.produce.CountingSink;
import io.segstream.app.produce.FileSource;
import io.segstream.app.produce.KafkaInvoiceSink;
import io.segstream.app.produce.ProducerSettings;
import io.segstream.app.produce.Progress;
import io.segstream.app.produce.Publisher;
import io.segstream.avro.InvoiceEvent;
import io.segstream.devstack.EmbeddedStack;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.platform.metrics.Metrics;
import io.segstream.platform.metrics.MetricsServer;
import io.segstream.platform.serde.AvroSerdeConfig;
import io.segstream.platform.serde.SpecificAvroSerde;
import io.segstream.devstack.KafkaProbe;
import io.segstream.platform.topics.Topics;
import io.segstream.stream.runtime.StreamApp;
import io.segstream.stream.drift.DriftSnapshot;
import io.segstream.stream.invoice.InvoiceWireWriter;
import io.segstream.trainer.cycle.CycleResult;
import io.segstream.trainer.cycle.TrainerMetrics;
import io.segstream.trainer.cycle.TrainingCycle;
import io.segstream.trainer.schedule.Schedule;
import io.segstream.trainer.schedule.Trainer;
import io.segstream.trainer.training.TrainingOptions;
import io.segstream.trainer.training.TrainingOutcome;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything segstream is, running together on one machine: an embedded broker and registry, the stream app, the
 * trainer loop and a replay of a transaction file at a speed factor, with one Prometheus {@code /metrics} endpoint
 * for all of them on {@code segstream.metrics.port}. Used by {@code segstream demo} and by the end-to-end tests.
 */
public final class DemoPipeline implements AutoCloseable {

    /**
     * How the demo runs.
     *
     * @param dataFile        transaction file to replay
     * @param speed           event seconds per wall second (e.g. 604800 = one week per second); 0 = unpaced
     * @param schedule        when the trainer refits
     * @param trainingOptions what the trainer fits
     */
    public record Options(Path dataFile, double speed, Schedule schedule, TrainingOptions trainingOptions) {
    }

    private final EmbeddedStack stack;
    private final Metrics metrics;
    private final MetricsServer metricsServer;
    private final SegstreamConfig config;
    private final StreamApp stream;
    private final TrainingCycle cycle;
    private final Trainer trainer;
    private final AtomicReference<CycleResult> lastCycle;
    private final CompletableFuture<Publisher.PublishResult> replay;
    private final Thread replayThread;
    private boolean streamStopped;

    private DemoPipeline(EmbeddedStack stack, Metrics metrics, MetricsServer metricsServer, SegstreamConfig config,
                         StreamApp stream, TrainingCycle cycle, Trainer trainer,
                         AtomicReference<CycleResult> lastCycle, CompletableFuture<Publisher.PublishResult> replay,
                         Thread replayThread) {
        this.stack = stack;
        this.metrics = metrics;
        this.metricsServer = metricsServer;
        this.config = config;
        this.stream = stream;
        this.cycle = cycle;
        this.trainer = trainer;
        this.lastCycle = lastCycle;
        this.replay = replay;
        this.replayThread = replayThread;
    }

    /** Starts the stack, the stream app, the trainer and the replay, in that order. */
    public static DemoPipeline start(Path workDir, SegstreamConfig base, Options options) throws InterruptedException {
        FileSource source = FileSource.open(List.of(options.dataFile()), null);
        EmbeddedStack stack = EmbeddedStack.start(workDir);
        SegstreamConfig config = DemoToken.ensure(stack.configure(base).with("state.dir",
                workDir.resolve("state").toString()), workDir);
        Metrics metrics = Metrics.create("demo");
        MetricsServer metricsServer = null;
        StreamApp stream = null;
        TrainingCycle cycle = null;
        try {
            metricsServer = MetricsServer.start(config, metrics);
            Topics.ensure(config, config.topics().all());
            stream = StreamApp.start(config, metrics);
            stream.awaitRunning(Duration.ofSeconds(60));
            cycle = new TrainingCycle(config, options.trainingOptions(), Duration.ofSeconds(30), Clock.systemUTC());
            TrainerMetrics.bind(metrics.registry(), cycle.stats());
            AtomicReference<CycleResult> lastCycle = new AtomicReference<>();
            Trainer trainer = new Trainer(cycle, options.schedule(),
                    config.kafkaProperties(), config.topics().features().name(), Duration.ofSeconds(30),
                    lastCycle::set);
            Thread.ofPlatform().name("demo-trainer").daemon().start(trainer);
            CompletableFuture<Publisher.PublishResult> replay = new CompletableFuture<>();
            Thread replayThread = Thread.ofPlatform().name("demo-replay").daemon()
                    .start(() -> replay(config, source, options.speed(), metrics, replay));
            return new DemoPipeline(stack, metrics, metricsServer, config, stream, cycle, trainer, lastCycle, replay,
                    replayThread);
        } catch (RuntimeException | InterruptedException e) {
            source.close();
            if (cycle != null) {
                cycle.close();
            }
            if (stream != null) {
                stream.close();
            }
            if (metricsServer != null) {
                metricsServer.close();
            }
            metrics.close();
            stack.close();
            throw e;
        }
    }

    private static void replay(SegstreamConfig config, FileSource source, double speed, Metrics metrics,
                               CompletableFuture<Publisher.PublishResult> done) {
        String topic = config.topics().invoices().name();
        var serde = SpecificAvroSerde.create(InvoiceEvent.class,
                AvroSerdeConfig.forValues(config.registryOptions()));
        Pacer pacer = speed > 0 ? Pacer.speed(speed, System::nanoTime, Pacer.Sleeper.THREAD) : Pacer.unpaced();
        Progress silent = new Progress(new PrintWriter(Writer.nullWriter()), 0, System::nanoTime);
        try (source; serde) {
            var sink = CountingSink.of(new KafkaInvoiceSink(ProducerSettings.from(config), topic,
                    new InvoiceWireWriter(serde.serializer(), topic)::write, "avro"),
                    metrics.registry());
            done.complete(Publisher.run(source, pacer, sink, silent));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.completeExceptionally(e);
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
    }

    /** The configuration every component uses (embedded broker and registry filled in). */
    public SegstreamConfig config() {
        return config;
    }

    /** The Prometheus endpoint of the stream, the trainer and the replay. */
    public MetricsServer metricsServer() {
        return metricsServer;
    }

    /** The embedded broker and registry. */
    public EmbeddedStack stack() {
        return stack;
    }

    /** The running stream app. */
    public StreamApp stream() {
        return stream;
    }

    /** The trainer's counters. */
    public TrainingCycle trainingCycle() {
        return cycle;
    }

    /** The last completed training cycle, if any. */
    public Optional<CycleResult> lastCycle() {
        return Optional.ofNullable(lastCycle.get());
    }

    /** Completes when the replay has been produced and acknowledged. */
    public CompletableFuture<Publisher.PublishResult> replay() {
        return replay;
    }

    /**
     * How a replay ended: the final refit and how many of the customers it saw the stream has scored with it.
     *
     * @param refit      the refit taken after the whole replay was processed and committed
     * @param customers  customers in that refit's snapshot (every customer with features)
     * @param segmented  customers the stream holds in a segment of the model in use
     * @param problem    why the wait ended early, or null when every customer is segmented
     */
    public record Completion(CycleResult refit, long customers, long segmented, String problem) {

        /** @return whether a model was published and every customer carries one of its segments */
        public boolean complete() {
            return problem == null;
        }
    }

    /**
     * Waits for the replay to be produced, processed and committed, then asks the trainer for a final refit on all
     * customers and waits until the stream has scored every one of them with it.
     *
     * @param timeout the longest to wait for each step
     * @return the final refit and the coverage; {@link Completion#problem()} says what did not happen in time
     */
    public Completion finish(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long produced;
        try {
            produced = replay.get(timeout.toMillis(), TimeUnit.MILLISECONDS).invoices();
        } catch (ExecutionException | TimeoutException e) {
            return new Completion(null, 0, 0, "the replay did not finish: " + e);
        }
        String appId = StreamApp.streamsProperties(config).getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        try (KafkaProbe probe = new KafkaProbe(config.kafkaProperties())) {
            var end = probe.endOffsets(config.topics().invoices().name());
            while (stream.counters().inputs() < produced || !probe.committedUpTo(appId, end)) {
                if (System.nanoTime() > deadline) {
                    return new Completion(null, 0, 0, "the stream did not process and commit the "
                            + produced + " invoices within " + timeout);
                }
                Thread.sleep(100);
            }
        }
        CycleResult refit;
        try {
            refit = trainer.refitNow().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return new Completion(null, 0, 0, "the final refit failed: " + e.getCause());
        }
        long customers = refit.snapshot().customerCount();
        long version = stream.scoring().modelVersion();
        if (refit.published()) {
            version = refit.model().orElseThrow().getVersion();
        } else if (version < 0) {
            String why = refit.outcome() instanceof TrainingOutcome.Refused r ? r.detail() : "not published";
            return new Completion(refit, customers, 0, "no model: " + why);
        }
        deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            DriftSnapshot live = stream.drift().snapshot();
            long segmented = live.version() == version
                    ? live.segments().values().stream().mapToLong(Long::longValue).sum() : 0;
            if (segmented >= customers) {
                return new Completion(refit, customers, segmented, null);
            }
            if (System.nanoTime() > deadline) {
                return new Completion(refit, customers, segmented, "only " + segmented + " of " + customers
                        + " customers were scored with model v" + version + " within " + timeout);
            }
            Thread.sleep(100);
        }
    }

    /** Stops the stream app (committing its last transaction); the broker and registry keep running. */
    public void stopStream() {
        if (!streamStopped) {
            streamStopped = true;
            stream.close();
        }
    }

    /** Stops the trainer loop and waits for it. */
    public void stopTrainer() throws InterruptedException {
        trainer.stop();
        trainer.awaitStop(Duration.ofSeconds(60));
    }

    @Override
    public void close() {
        replayThread.interrupt();
        try {
            stopTrainer();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                cycle.close();
                stopStream();
            } finally {
                metricsServer.close();
                metrics.close();
                stack.close();
            }
        }
    }
}
