package io.segstream.app.train;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.segstream.app.cli.ConnectionOptions;
import io.segstream.app.cli.DurationConverter;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.platform.metrics.Metrics;
import io.segstream.platform.metrics.MetricsServer;
import io.segstream.platform.topics.Topics;
import io.segstream.trainer.cycle.CycleResult;
import io.segstream.trainer.cycle.TrainerMetrics;
import io.segstream.trainer.cycle.TrainingCycle;
import io.segstream.trainer.schedule.Schedule;
import io.segstream.trainer.schedule.Trainer;
import io.segstream.trainer.training.TrainingOptions;
import io.segstream.trainer.training.TrainingOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code segstream train}: refit the segmentation from the features topic, once or on a schedule. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Snapshots customer-features, fits k-means (k by silhouette) and publishes the model to segment-models.",
            "Without --once, retrains every --interval, after --changed-customers changes and after --stream-interval",
            "of stream time.",
            "Exit codes: 0 published, 3 refused by a guard (previous model kept), 2 bad options, 1 failure."})
public final class TrainCommand implements Callable<Integer> {

    /** Exit code when the guards refused the model. */
    public static final int REFUSED = 3;

    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    @Option(names = "--once", description = "Train and publish once, print the profile table, and exit.")
    boolean once;

    @Option(names = "--model-name", paramLabel = "NAME", defaultValue = TrainingOptions.DEFAULT_MODEL_NAME,
            description = "Model name, the key on segment-models. Default: ${DEFAULT-VALUE}.")
    String modelName;

    @Option(names = "--min-k", defaultValue = "2", description = "Smallest k tried. Default: ${DEFAULT-VALUE}.")
    int minK;

    @Option(names = "--max-k", defaultValue = "10", description = "Largest k tried. Default: ${DEFAULT-VALUE}.")
    int maxK;

    @Option(names = "--n-init", defaultValue = "10", description = "k-means restarts per k. Default: ${DEFAULT-VALUE}.")
    int nInit;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of k-means and sampling. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--sample-above", paramLabel = "N", defaultValue = "1000000",
            description = "Fit on a seeded sample of N customers when more are eligible. Default: ${DEFAULT-VALUE}.")
    int maxFitRows;

    @Option(names = "--min-customers", paramLabel = "N", defaultValue = "50",
            description = "Refuse to train on fewer customers. Default: ${DEFAULT-VALUE}.")
    int minCustomers;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1h", converter = DurationConverter.class,
            description = "Retrain after this much wall time (0 = never). Default: ${DEFAULT-VALUE}.")
    Duration interval;

    @Option(names = "--changed-customers", paramLabel = "N", defaultValue = "10000",
            description = "Retrain after N distinct customers changed (0 = never). Default: ${DEFAULT-VALUE}.")
    long changedCustomers;

    @Option(names = "--stream-interval", paramLabel = "DURATION", defaultValue = "0",
            converter = DurationConverter.class,
            description = "Retrain once the features' stream time is this far past the last snapshot, e.g. 30d "
                    + "(0 = never). Default: ${DEFAULT-VALUE}.")
    Duration streamInterval;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2m", converter = DurationConverter.class,
            description = "Longest a snapshot read or publish may take. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        TrainingOptions options = options();
        Schedule schedule = once ? null : schedule();
        SegstreamConfig config = config();
        PrintWriter out = spec.commandLine().getOut();
        ensureTopics(config);
        CountDownLatch closed = new CountDownLatch(1);
        try (TrainingCycle cycle = new TrainingCycle(config, options, timeout, Clock.systemUTC())) {
            if (once) {
                CycleResult result = cycle.run();
                out.print(describe(result));
                out.flush();
                return result.published() ? 0 : REFUSED;
            }
            Metrics metrics = Metrics.create("trainer");
            TrainerMetrics.bind(metrics.registry(), cycle.stats());
            MetricsServer metricsServer = MetricsServer.start(config, metrics);
            out.println("trainer metrics on " + metricsServer.url());
            Trainer trainer = new Trainer(cycle, schedule, config.kafkaProperties(), config.topics().features().name(),
                    timeout, r -> {
                        out.println(summary(r));
                        out.flush();
                    });
            // Ctrl-C: let the current cycle finish and the clients close, but not wait for System.exit in main.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                trainer.stop();
                try {
                    closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "train-shutdown"));
            try (metrics; metricsServer) {
                trainer.run();
            }
            return 0;
        } finally {
            closed.countDown();
        }
    }

    TrainingOptions options() {
        try {
            TrainingOptions d = TrainingOptions.defaults();
            return new TrainingOptions(modelName, d.featureNames(), minK, maxK, nInit, seed, maxFitRows,
                    minCustomers, d.silhouetteExactLimit(), d.positiveMonetaryOnly());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    Schedule schedule() {
        try {
            return new Schedule(interval, changedCustomers, streamInterval);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private SegstreamConfig config() {
        try {
            SegstreamConfig config = connection.config();
            config.require(SegstreamConfig.BOOTSTRAP_SERVERS);
            config.require(SegstreamConfig.REGISTRY_URL);
            return config;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage()
                    + " (give --bootstrap-servers and --registry-url, or --config)", e);
        }
    }

    private static void ensureTopics(SegstreamConfig config) throws InterruptedException {
        Topics.ensure(config.kafkaProperties(), List.of(config.topics().features(), config.topics().models()),
                Optional.empty());
    }

    /** The profile table of a published model, or the refusal. */
    static String describe(CycleResult result) {
        String timing = String.format(Locale.ROOT, "snapshot %d ms, publish %d ms", result.snapshotMillis(),
                result.publishMillis());
        return switch (result.outcome()) {
            case TrainingOutcome.Trained t -> ProfileTable.format(t.model(), t.report())
                    + String.format(Locale.ROOT, "%nTimings: %s, training %d ms%n", timing, t.fitMillis());
            case TrainingOutcome.Refused r -> String.format(Locale.ROOT,
                    "Model not published (%s): %s%nKeeping %s. Timings: %s%n", r.reason(), r.detail(),
                    result.previous().map(p -> "version " + p.getVersion()).orElse("no model"), timing);
        };
    }

    private static String summary(CycleResult result) {
        return switch (result.outcome()) {
            case TrainingOutcome.Trained t -> String.format(Locale.ROOT,
                    "Published %s version %d: k=%d, silhouette %.4f, %,d customers, %,d changed segment",
                    t.model().getModelName(), t.model().getVersion(), t.model().getChosenK(),
                    t.model().getSilhouette(), t.model().getCustomerCount(), t.report().changed());
            case TrainingOutcome.Refused r -> "Refused (" + r.reason() + "): " + r.detail();
        };
    }
}
