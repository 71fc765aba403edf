package io.segstream.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.segstream.app.pacing.Pacer;
import io.segstream.app.produce.FileSource;
import io.segstream.app.produce.KafkaInvoiceSink;
import io.segstream.app.produce.ProducerSettings;
import io.segstream.app.produce.Progress;
import io.segstream.app.produce.Publisher;
import io.segstream.avro.ChangeCause;
import io.segstream.avro.InvoiceEvent;
import io.segstream.devstack.EmbeddedStack;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.platform.serde.AvroSerdeConfig;
import io.segstream.platform.serde.SpecificAvroSerde;
import io.segstream.devstack.KafkaProbe;
import io.segstream.platform.topics.Topics;
import io.segstream.stream.runtime.StreamApp;
import io.segstream.stream.invoice.InvoiceWireWriter;
import io.segstream.trainer.cycle.CycleResult;
import io.segstream.trainer.cycle.TrainingCycle;
import io.segstream.trainer.settings.TrainerSettings;
import io.segstream.trainer.training.TrainingOptions;
import io.segstream.trainer.training.TrainingOutcome;
import org.apache.kafka.common.TopicPartition;

/**
 * The whole Online Retail replay on an embedded broker and registry, in one JVM:
 * <ol>
 * <li>produce every invoice as fast as possible (Avro, idempotent producer);</li>
 * <li>cold pass: the stream app (first in this JVM) works through the backlog; there is no model yet, so the
 * scoring stage only stores each customer's latest features;</li>
 * <li>the trainer's {@link TrainingCycle} snapshots the features topic, fits and publishes a model; the running app
 * picks it up and assigns every customer (re-scoring pass);</li>
 * <li>warm passes: fresh application ids in the same JVM, model present from the start, so every features update
 * is scored;</li>
 * <li>a running service: a fresh application with the model, already up, while the file is produced again to a
 * fresh topic, so producing and streaming overlap as they do in production;</li>
 * <li>the pandas + scikit-learn reference on the same file.</li>
 * </ol>
 * End to end = produce + cold pass to committed + training + re-scoring: from the file to a segment per customer,
 * in a fresh JVM. End to end in a running service = the overlapped replay to committed + the training and
 * re-scoring measured before: a JVM that has run the pipeline before, as a deployed service has (the reference
 * likewise times itself after its imports).
 */
public final class ReplayBench {

    /** k = 2..10 as the scikit-learn reference sweeps, so the training times compare like with like. */
    private static final TrainingOptions SAME_SWEEP_AS_REFERENCE = TrainingOptions.defaults().withK(2, 10);

    /**
     * @param data the transaction file
     * @param warmRuns number of warm passes
     * @param python interpreter of the reference
     * @param baselineScript the reference script; {@code null} to skip it
     * @param timeout longest any one phase may take
     */
    public record Options(Path data, int warmRuns, Path python, Path baselineScript, Duration timeout) {
    }

    /**
     * Everything measured.
     *
     * @param invoices invoices in the file
     * @param lines invoice lines in the file
     * @param stackStartSeconds broker and registry start-up (not part of any other figure)
     * @param produceSeconds produce, first read to last acknowledgement
     * @param cold the first stream pass
     * @param warm the warm passes
     * @param trainSeconds the training cycle (snapshot, fit, publish)
     * @param chosenK k of the published model
     * @param rescoreSeconds model published to every customer assigned
     * @param endToEndSeconds produce + cold pass to committed + training + re-scoring
     * @param serviceReplaySeconds running service: first invoice produced to every invoice processed and committed
     * @param serviceTrainSeconds the training cycle again, in the running service's JVM
     * @param serviceEndToEndSeconds {@code serviceReplaySeconds} + {@code serviceTrainSeconds} + re-scoring
     * @param state encoded state after the last warm pass
     * @param settings stream and producer settings that shape the numbers
     * @param baseline the reference's timings
     */
    public record Result(long invoices, long lines, double stackStartSeconds, double produceSeconds, StreamRun cold,
                         List<StreamRun> warm, double trainSeconds, int chosenK, double rescoreSeconds,
                         double endToEndSeconds, double serviceReplaySeconds, double serviceTrainSeconds,
                         double serviceEndToEndSeconds,
                         StateSize state, Map<String, String> settings, Baseline.Result baseline) {

        /** Produced invoices per second. */
        public double produceInvoicesPerSecond() {
            return produceSeconds == 0 ? 0 : invoices / produceSeconds;
        }
    }

    private ReplayBench() {
    }

    /** Runs the benchmark; {@code base} supplies Kafka Streams and producer settings (its cluster is ignored). */
    public static Result run(SegstreamConfig base, Path workDir, Options options, PrintWriter log) throws Exception {
        long s0 = System.nanoTime();
        Result partial;
        try (EmbeddedStack stack = EmbeddedStack.start(workDir.resolve("stack"))) {
            double stackStart = (System.nanoTime() - s0) / 1e9;
            log.printf("stack up in %.1f s: %s, %s%n", stackStart, stack.bootstrapServers(), stack.registryUrl());
            log.flush();
            partial = replay(stack, stack.configure(base), workDir, options, log, stackStart);
        }
        Baseline.Result baseline = options.baselineScript() == null ? Baseline.Result.skipped("--no-baseline")
                : Baseline.run(options.python(), options.baselineScript(), options.data(), 600);
        log.println(baseline.ran() ? "reference: " + baseline.seconds() : "reference skipped: " + baseline.note());
        log.flush();
        return new Result(partial.invoices(), partial.lines(), partial.stackStartSeconds(), partial.produceSeconds(),
                partial.cold(), partial.warm(), partial.trainSeconds(), partial.chosenK(), partial.rescoreSeconds(),
                partial.endToEndSeconds(), partial.serviceReplaySeconds(), partial.serviceTrainSeconds(),
                partial.serviceEndToEndSeconds(),
                partial.state(), partial.settings(), baseline);
    }

    private static Result replay(EmbeddedStack stack, SegstreamConfig config, Path workDir, Options options,
                                 PrintWriter log, double stackStart) throws Exception {
        Topics.ensure(config, config.topics().all());
        String topic = config.topics().invoices().name();
        Publisher.PublishResult produced = produce(config, topic, options.data(), log);
        double produceSeconds = produced.elapsedNanos() / 1e9;
        log.printf("produced %,d invoices (%,d lines) in %.2f s%n", produced.invoices(), produced.lines(),
                produceSeconds);
        log.flush();
        try (KafkaProbe probe = new KafkaProbe(stack.bootstrapServers())) {
            Map<TopicPartition, Long> end = probe.endOffsets(topic);
            SegstreamConfig coldConfig = BenchStreams.fresh(config, "bench-replay-cold", workDir);
            BenchStreams.Timed cold = BenchStreams.start("cold", coldConfig, produced.invoices(), produced.lines(),
                    probe, end, options.timeout());
            log.println(describe(cold.run()));
            log.flush();
            double trainSeconds;
            double rescoreSeconds;
            int k;
            try (var app = cold.app()) {
                long customers = StateSize.of(app.streams()).customers();
                long t0 = System.nanoTime();
                CycleResult trained;
                try (TrainingCycle cycle = new TrainingCycle(likeTheReference(config), SAME_SWEEP_AS_REFERENCE,
                        options.timeout(), Clock.systemUTC())) {
                    trained = cycle.run();
                }
                long t1 = System.nanoTime();
                if (!(trained.outcome() instanceof TrainingOutcome.Trained t) || !trained.published()) {
                    throw new IllegalStateException("the trainer refused the model: " + trained.outcome());
                }
                k = t.model().getChosenK();
                long version = t.model().getVersion();
                BenchStreams.awaitOrFail(() -> app.scoring().modelVersion() >= version
                                && app.scoring().changes(ChangeCause.FIRST_ASSIGNMENT) >= customers,
                        t1 + options.timeout().toNanos(), "customers not all assigned after the model");
                long t2 = System.nanoTime();
                trainSeconds = (t1 - t0) / 1e9;
                rescoreSeconds = (t2 - t1) / 1e9;
                log.printf("trained k=%d on %,d customers in %.2f s (fit %d ms); all assigned %.2f s later%n", k,
                        trained.snapshot().size(), trainSeconds, t.fitMillis(), rescoreSeconds);
                log.flush();
            }
            List<StreamRun> warm = new ArrayList<>();
            StateSize state = null;
            for (int i = 1; i <= options.warmRuns(); i++) {
                SegstreamConfig warmConfig = BenchStreams.fresh(config, "bench-replay-warm-" + i, workDir);
                BenchStreams.Timed run = BenchStreams.start("warm " + i, warmConfig, produced.invoices(),
                        produced.lines(), probe, end, options.timeout());
                try (var app = run.app()) {
                    warm.add(run.run());
                    log.println(describe(run.run()));
                    log.flush();
                    if (i == options.warmRuns()) {
                        state = StateSize.of(app.streams());
                    }
                }
            }
            double endToEnd = produceSeconds + cold.run().totalMillis() / 1e3 + trainSeconds + rescoreSeconds;
            double service = serviceReplay(config, workDir, options, probe, produced.invoices(), log);
            double serviceTrain = train(serviceTopics(config), options, log);
            return new Result(produced.invoices(), produced.lines(), stackStart, produceSeconds, cold.run(), warm,
                    trainSeconds, k, rescoreSeconds, endToEnd, service, serviceTrain,
                    service + serviceTrain + rescoreSeconds, state, settings(config), null);
        }
    }

    /**
     * The file produced to a fresh invoices topic while a fresh application, up and holding the model, streams it:
     * seconds from the first send to every invoice processed and committed.
     */
    private static double serviceReplay(SegstreamConfig config, Path workDir, Options options, KafkaProbe probe,
                                        long invoices, PrintWriter log) throws Exception {
        SegstreamConfig service = BenchStreams.fresh(serviceTopics(config), "bench-replay-service", workDir);
        String topic = service.topics().invoices().name();
        Topics.ensure(service, service.topics().all());
        long deadline = System.nanoTime() + options.timeout().toNanos();
        try (StreamApp app = StreamApp.start(service)) {
            app.awaitRunning(options.timeout());
            BenchStreams.awaitOrFail(() -> app.scoring().modelVersion() >= 1, deadline,
                    "the running service did not load the model");
            long t0 = System.nanoTime();
            Publisher.PublishResult produced = produce(service, topic, options.data(), log);
            long sent = System.nanoTime();
            BenchStreams.awaitOrFail(() -> app.counters().inputs() >= invoices, deadline,
                    "running service: processed only " + app.counters().inputs() + " of " + invoices);
            Map<TopicPartition, Long> end = probe.endOffsets(topic);
            BenchStreams.awaitOrFail(() -> probe.committedUpTo(service.require(SegstreamConfig.APPLICATION_ID), end),
                    deadline, "running service: offsets not committed");
            long t1 = System.nanoTime();
            log.printf("running service: %,d invoices produced in %.2f s while streamed; all processed and committed "
                    + "%.2f s after the first send%n", produced.invoices(), (sent - t0) / 1e9, (t1 - t0) / 1e9);
            log.flush();
            return (t1 - t0) / 1e9;
        }
    }

    /**
     * The running service's own invoices and features topics, so its replay and its training snapshot see one
     * replay's records, as in a deployment, not the earlier passes' too; the models topic is shared.
     */
    private static SegstreamConfig serviceTopics(SegstreamConfig config) {
        return config.with(SegstreamConfig.TOPIC_PREFIX + "invoices", "invoices-service-replay")
                .with(SegstreamConfig.TOPIC_PREFIX + "customer-features", "customer-features-service");
    }

    /** The trainer's settings doing what the reference does: no interest model (read and fitted apart from it). */
    private static SegstreamConfig likeTheReference(SegstreamConfig config) {
        return config.with(TrainerSettings.INTEREST, "false");
    }

    /** Seconds of one more training cycle (snapshot, fit, publish), in this JVM as it is now. */
    private static double train(SegstreamConfig config, Options options, PrintWriter log) {
        long t0 = System.nanoTime();
        CycleResult result;
        try (TrainingCycle cycle = new TrainingCycle(likeTheReference(config), SAME_SWEEP_AS_REFERENCE,
                options.timeout(), Clock.systemUTC())) {
            result = cycle.run();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!(result.outcome() instanceof TrainingOutcome.Trained t)) {
            throw new IllegalStateException("the trainer did not fit in the running service: " + result.outcome());
        }
        log.printf("running service: trained k=%d in %.2f s (snapshot %d ms, fit %d ms, publish %d ms)%n",
                t.model().getChosenK(), seconds, result.snapshotMillis(), t.fitMillis(), result.publishMillis());
        log.flush();
        return seconds;
    }

    private static Publisher.PublishResult produce(SegstreamConfig config, String topic, Path data, PrintWriter log)
            throws InterruptedException {
        try (var serde = SpecificAvroSerde.create(InvoiceEvent.class,
                AvroSerdeConfig.forValues(config.registryOptions()));
             FileSource source = FileSource.open(List.of(data), null)) {
            // Publisher closes the sink, which flushes so every invoice is acknowledged within the timing.
            var sink = new KafkaInvoiceSink(ProducerSettings.from(config), topic,
                    new InvoiceWireWriter(serde.serializer(), topic)::write, "avro");
            return Publisher.run(source, Pacer.unpaced(), sink, new Progress(log, 0, System::nanoTime));
        }
    }

    static String describe(StreamRun run) {
        return String.format("%s: start %d ms, processed %,d invoices in %d ms (%,.0f invoices/s, %,.0f lines/s), "
                        + "committed %d ms later, %,d features records", run.name(), run.startupMillis(),
                run.invoices(), run.processMillis(), run.invoicesPerSecond(), run.linesPerSecond(), run.commitMillis(),
                run.featureRecords());
    }

    /** The settings that shape throughput, as configured or Kafka Streams' defaults. */
    static Map<String, String> settings(SegstreamConfig config) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String key : List.of("processing.guarantee", "commit.interval.ms", "num.stream.threads",
                "statestore.cache.max.bytes", "segstream.partitions", "linger.ms", "batch.size",
                "compression.type")) {
            settings.put(key, config.get(key).orElse("default"));
        }
        return settings;
    }
}
