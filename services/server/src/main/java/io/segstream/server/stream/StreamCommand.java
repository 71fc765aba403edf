package io.segstream.server.stream;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.segstream.server.cli.ConnectionOptions;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.platform.metrics.Metrics;
import io.segstream.platform.metrics.MetricsServer;
import io.segstream.platform.topics.Topics;
import io.segstream.stream.runtime.StreamApp;
import io.segstream.stream.validation.JsonInvoiceMapping;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code segstream stream}: runs one instance of the stream application against any cluster until Ctrl-C. */
@Command(name = "stream", mixinStandardHelpOptions = true,
        description = "Runs the stream application (validation, RFM features, scoring, segment changes) and its "
                + "query API until Ctrl-C. Start several with the same application.id to share the partitions.")
public final class StreamCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--create-topics", negatable = true, defaultValue = "true",
            description = "Create missing topics (default: ${DEFAULT-VALUE}).")
    boolean createTopics;

    @Override
    public Integer call() throws InterruptedException {
        SegstreamConfig config = connection.config();
        for (String key : new String[] {SegstreamConfig.BOOTSTRAP_SERVERS, SegstreamConfig.REGISTRY_URL}) {
            if (config.get(key).isEmpty()) {
                throw new ParameterException(spec.commandLine(), "Missing setting '" + key
                        + "': pass --bootstrap-servers and --registry-url, or set them in --config");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (createTopics) {
            Topics.ensure(config, config.topics().all());
        }
        // A topic of the user's own JSON is theirs: segstream never creates it, and a missing one is named here
        // instead of failing inside Kafka Streams.
        for (JsonInvoiceMapping mapping : JsonInvoiceMapping.all(config)) {
            if (!Topics.missing(config, List.of(mapping.topic())).isEmpty()) {
                throw new ParameterException(spec.commandLine(), "Topic '" + mapping.topic() + "' of "
                        + JsonInvoiceMapping.PREFIX + mapping.name() + ".topic does not exist: create it, or correct"
                        + " or remove the setting");
            }
        }
        // A topic of an earlier release or of the user may still be retained by record timestamp.
        for (String warning : Topics.retentionRisks(config, config.topics().all())) {
            spec.commandLine().getErr().println("WARNING: " + warning);
        }
        Metrics metrics = Metrics.create("stream");
        MetricsServer metricsServer = MetricsServer.start(config, metrics);
        StreamApp app;
        try {
            app = StreamApp.start(config, metrics);
        } catch (RuntimeException e) {
            metricsServer.close();
            metrics.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                app.close();
            } finally {
                metricsServer.close();
                metrics.close();
                stopped.countDown();
            }
        }, "segstream-stream-stop"));
        // Exits (non-zero) when not RUNNING after 2 minutes without restore progress: a large state restores as long
        // as it takes.
        app.awaitRunningWhileRestoring(Duration.ofMinutes(2));
        out.println("stream app " + config.require(SegstreamConfig.APPLICATION_ID) + " running; query API on http://"
                + config.require(SegstreamConfig.API_HOST) + ":" + app.apiPort() + "/customers/{id}; metrics on "
                + metricsServer.url());
        out.flush();
        stopped.await();
        return 0;
    }
}
