package io.segstream.server.train;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.segstream.server.cli.ConnectionOptions;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.platform.metrics.Metrics;
import io.segstream.platform.metrics.MetricsServer;
import io.segstream.platform.topics.Topics;
import io.segstream.trainer.cycle.CycleResult;
import io.segstream.trainer.cycle.TrainerMetrics;
import io.segstream.trainer.cycle.TrainingCycle;
import io.segstream.trainer.schedule.Schedule;
import io.segstream.trainer.schedule.Trainer;
import io.segstream.trainer.settings.TrainerSettings;
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
        description = {"Snapshots customer-features, fits k-means (k by silhouette within --min-k..--max-k) and",
            "publishes the model to segment-models.",
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

    @Option(names = "--model-name", paramLabel = "NAME",
            description = "Model name, the key on segment-models (segstream.model.name). Default: rfm.")
    String modelName;

    @Option(names = "--features", paramLabel = "NAMES", description = "Segmentation features, comma-separated ("
            + TrainerSettings.FEATURES + "), from: recency, frequency, monetary, length, unique_products, avg_spend,"
            + " frequency_6m, monetary_6m, p_alive, expected_purchases, lifetime_value. Default: the first six.")
    String features;

    @Option(names = "--min-k", paramLabel = "K", description = "Smallest k tried (" + TrainerSettings.MIN_K
            + "). Default: 4; 2 gives the pure silhouette choice.")
    String minK;

    @Option(names = "--max-k", paramLabel = "K", description = "Largest k tried (" + TrainerSettings.MAX_K
            + "). Default: 8.")
    String maxK;

    @Option(names = "--n-init", paramLabel = "N", description = "k-means restarts per k (" + TrainerSettings.N_INIT
            + "). Default: 10.")
    String nInit;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of k-means and sampling (" + TrainerSettings.SEED
            + "). Default: 0.")
    String seed;

    @Option(names = "--sample-above", paramLabel = "N", description = "Fit on a seeded sample of N customers when "
            + "more are eligible (" + TrainerSettings.SAMPLE_ABOVE + "). Default: 1000000.")
    String maxFitRows;

    @Option(names = "--min-customers", paramLabel = "N", description = "Refuse to train on fewer customers ("
            + TrainerSettings.MIN_CUSTOMERS + "). Default: 50.")
    String minCustomers;

    @Option(names = "--interval", paramLabel = "DURATION", description = "Retrain after this much wall time, 0 = "
            + "never (" + TrainerSettings.INTERVAL + "). Default: 1h.")
    String interval;

    @Option(names = "--changed-customers", paramLabel = "N", description = "Retrain after N distinct customers "
            + "changed, 0 = never (" + TrainerSettings.CHANGED_CUSTOMERS + "). Default: 10000.")
    String changedCustomers;

    @Option(names = "--stream-interval", paramLabel = "DURATION", description = "Retrain once the features' stream "
            + "time is this far past the last snapshot, e.g. 30d, 0 = never (" + TrainerSettings.STREAM_INTERVAL
            + "). Default: 0.")
    String streamInterval;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Longest a snapshot read or publish may "
            + "take (" + TrainerSettings.TIMEOUT + "). Default: 2m.")
    String timeout;

    @Override
    public Integer call() throws Exception {
        SegstreamConfig config = config();
        TrainerSettings settings = settings(config);
        TrainingOptions options = settings.training();
        Schedule schedule = once ? null : schedule(settings);
        Duration timeout = settings.timeout();
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

    /** The settings: this command's options over the {@code --config} file and {@code -D}, over the defaults. */
    TrainerSettings settings(SegstreamConfig config) {
        SegstreamConfig c = config;
        String[][] given = {{SegstreamConfig.MODEL_NAME, modelName}, {TrainerSettings.MIN_K, minK},
            {TrainerSettings.MAX_K, maxK}, {TrainerSettings.N_INIT, nInit}, {TrainerSettings.SEED, seed},
            {TrainerSettings.SAMPLE_ABOVE, maxFitRows}, {TrainerSettings.MIN_CUSTOMERS, minCustomers},
            {TrainerSettings.INTERVAL, interval}, {TrainerSettings.CHANGED_CUSTOMERS, changedCustomers},
            {TrainerSettings.STREAM_INTERVAL, streamInterval}, {TrainerSettings.TIMEOUT, timeout},
            {TrainerSettings.FEATURES, features}};
        for (String[] option : given) {
            if (option[1] != null) {
                c = c.with(option[0], option[1]);
            }
        }
        try {
            return TrainerSettings.from(c);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private Schedule schedule(TrainerSettings settings) {
        try {
            return settings.schedule();
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
        Topics.ensure(config, List.of(config.topics().features(), config.topics().models()));
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
