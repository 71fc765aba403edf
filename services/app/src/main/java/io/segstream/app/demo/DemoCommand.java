package io.segstream.app.demo;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import io.segstream.server.cli.DurationConverter;
import io.segstream.app.cli.ShippedData;
import io.segstream.avro.ChangeCause;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.stream.api.ApiAccess;
import io.segstream.stream.runtime.StreamSettings;
import io.segstream.trainer.schedule.Schedule;
import io.segstream.trainer.settings.TrainerSettings;
import io.segstream.trainer.training.TrainingOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code segstream demo}: the whole system on this machine, replaying Online Retail, with a live view. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Starts an embedded Kafka broker and schema registry, the stream app and the trainer, and "
                + "replays a transaction file (Online Retail by default) at a speed factor, with a live view of "
                + "segments and changes. Serves the query API while it runs."})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE", description = "Transaction file. Default: the shipped Online "
            + "Retail data.")
    Path data;

    @Option(names = "--speed", paramLabel = "FACTOR", defaultValue = "604800",
            description = "Event seconds per wall second; default ${DEFAULT-VALUE} (one week of history per second)."
                    + " 0 replays as fast as possible.")
    double speed;

    @Option(names = "--train-every", paramLabel = "DURATION", defaultValue = "30d", converter = DurationConverter.class,
            description = "Refit after this much history (stream time) has been replayed; default ${DEFAULT-VALUE}.")
    Duration trainEvery;

    @Option(names = "--train-after", paramLabel = "N", defaultValue = "0",
            description = "Also refit after N changed customers (0 = off); default ${DEFAULT-VALUE}.")
    long trainAfter;

    @Option(names = "--train-wall", paramLabel = "DURATION", defaultValue = "2m", converter = DurationConverter.class,
            description = "Also refit after this much wall time, e.g. once the replay is over; default "
                    + "${DEFAULT-VALUE}.")
    Duration trainWall;

    @Option(names = "--api-port", paramLabel = "PORT", defaultValue = "7070",
            description = "Port of the query API on 127.0.0.1; default ${DEFAULT-VALUE}.")
    int apiPort;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where broker, registry and state live. "
            + "Default: a new temporary directory.")
    Path workDir;

    @Option(names = "--exit-when-done", description = "Once the replay is processed, refit on all customers, wait "
            + "until every customer is scored with that model, print a summary and exit (1 when that did not "
            + "happen within --finish-timeout), instead of running until Ctrl-C.")
    boolean exitWhenDone;

    @Option(names = "--finish-timeout", paramLabel = "DURATION", defaultValue = "5m",
            converter = DurationConverter.class,
            description = "With --exit-when-done, the longest to wait for each final step; default ${DEFAULT-VALUE}.")
    Duration finishTimeout;

    @Option(names = "--refresh", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "View refresh interval; default ${DEFAULT-VALUE}.")
    Duration refresh;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file of settings (segstream.* keys, "
            + "Kafka client keys); -D and the options above override it.")
    Path configFile;

    @Option(names = "-D", paramLabel = "KEY=VALUE", description = "Any setting, e.g. -D segstream.partitions=8.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path file = data != null ? data : ShippedData.onlineRetail();
        if (!Files.isReadable(file)) {
            throw new ParameterException(spec.commandLine(), "Cannot read the data file " + file
                    + " (pass --data FILE)");
        }
        if (speed < 0) {
            throw new ParameterException(spec.commandLine(), "--speed must be 0 or positive, got " + speed);
        }
        Path dir = workDir != null ? workDir : Files.createTempDirectory("segstream-demo-");
        Map<String, String> overrides = new LinkedHashMap<>(settings);
        overrides.put(SegstreamConfig.API_PORT, String.valueOf(apiPort));
        SegstreamConfig base;
        Schedule schedule;
        TrainingOptions training;
        try {
            base = SegstreamConfig.load(Optional.ofNullable(configFile), overrides);
            schedule = new Schedule(trainWall, trainAfter, trainEvery);
            training = TrainerSettings.from(base).training();
            // The stream's settings are checked before the stack starts; the registry URL is the stack's own.
            StreamSettings.from(base.with(SegstreamConfig.REGISTRY_URL, "http://embedded.registry"));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        var options = new DemoPipeline.Options(file, speed, schedule, training);
        out.println("Starting Kafka, the schema registry, the stream app and the trainer in " + dir + " ...");
        out.flush();
        DemoPipeline demo = DemoPipeline.start(dir, base, options);
        AtomicBoolean stopping = new AtomicBoolean();
        Thread hook = new Thread(() -> {
            stopping.set(true);
            summary(out, demo, null);
            demo.close();
        }, "segstream-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        List<String> addresses = addresses(demo);
        out.println();
        addresses.forEach(out::println);
        out.println();
        out.flush();
        DemoView view = new DemoView(out, System.console() != null && !exitWhenDone, title(file), addresses);
        CompletableFuture<DemoPipeline.Completion> finished = exitWhenDone
                ? CompletableFuture.supplyAsync(() -> finish(demo, finishTimeout)) : null;
        while (!stopping.get() && (finished == null || !finished.isDone())) {
            view.render(demo);
            Thread.sleep(refresh.toMillis());
        }
        if (finished == null || stopping.get()) {
            return 0;
        }
        Runtime.getRuntime().removeShutdownHook(hook);
        view.render(demo);
        DemoPipeline.Completion completion = finished.join();
        summary(out, demo, completion);
        demo.close();
        return completion.complete() ? 0 : 1;
    }

    private static DemoPipeline.Completion finish(DemoPipeline demo, Duration timeout) {
        try {
            return demo.finish(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DemoPipeline.Completion(null, 0, 0, "interrupted");
        }
    }

    private String title(Path file) {
        String pace = speed == 0 ? "as fast as possible" : String.format(Locale.ROOT, "%.1f days of history per "
                + "second", speed / 86_400);
        return "segstream demo: replaying " + file.getFileName() + ", " + pace;
    }

    private static List<String> addresses(DemoPipeline demo) {
        SegstreamConfig c = demo.config();
        String bootstrap = c.require(SegstreamConfig.BOOTSTRAP_SERVERS);
        String registry = c.require(SegstreamConfig.REGISTRY_URL);
        String host = c.require(SegstreamConfig.API_HOST);
        // The token rides in the fragment, which browsers never send to the server.
        String token = DemoToken.read(c).map(t -> "#token=" + t).orElse("");
        return List.of(
                "web console          http://" + host + ":" + demo.stream().apiPort() + "/console" + token
                        + "  (open it in a browser: live segment sizes, transitions, drift, profiles, customer "
                        + "lookup)",
                "bootstrap.servers    " + bootstrap,
                "schema.registry.url  " + registry,
                "query API            http://" + host + ":" + demo.stream().apiPort() + "/customers/{id}  "
                        + "/customers?segment=NAME  /health",
                "API token            " + c.get(ApiAccess.TOKEN_FILE)
                        .map(f -> f + " (send Authorization: Bearer <its content>)").orElse("none (API opened)"),
                "metrics              " + demo.metricsServer().url(),
                "watch changes        ./segstream watch -b " + bootstrap + " -r " + registry + " --from-beginning",
                "logs                 logs/segstream.log; registry: " + demo.stack().registryLog());
    }

    private static void summary(PrintWriter out, DemoPipeline demo, DemoPipeline.Completion completion) {
        var intake = demo.stream().counters();
        var scoring = demo.stream().scoring();
        out.println();
        out.println("Summary");
        out.printf(Locale.ROOT, "  invoices processed  %,d (dead letters %,d, duplicates ignored %,d)%n",
                intake.inputs(), intake.deadLetters(), intake.duplicateInvoices());
        out.printf(Locale.ROOT, "  models published    %,d (refused %,d); scoring with v%d%n",
                demo.trainingCycle().stats().published(), demo.trainingCycle().stats().refused(),
                scoring.modelVersion());
        StringBuilder causes = new StringBuilder();
        for (ChangeCause cause : ChangeCause.values()) {
            if (cause != ChangeCause.UNKNOWN) {
                causes.append(String.format(Locale.ROOT, " %s %,d", cause, scoring.changes(cause)));
            }
        }
        out.println("  segment changes    " + causes);
        if (completion != null && completion.complete()) {
            out.printf(Locale.ROOT, "  final refit         %s; %,d of %,d customers segmented with v%d%n",
                    completion.refit().published() ? "published v" + scoring.modelVersion() : "refused, kept v"
                            + scoring.modelVersion(), completion.segmented(), completion.customers(),
                    scoring.modelVersion());
        } else if (completion != null) {
            out.println("  NOT DONE            " + completion.problem());
        }
        out.println();
        out.print(DemoView.segments(scoring));
        out.flush();
    }
}
