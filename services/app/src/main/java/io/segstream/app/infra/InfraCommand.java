package io.segstream.app.infra;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.segstream.platform.config.SegstreamConfig;
import io.segstream.devstack.EmbeddedStack;
import io.segstream.platform.topics.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code segstream infra}: a local Kafka broker and schema registry with segstream's topics, running until
 * Ctrl-C, for pointing your own producers (and {@code segstream produce -b ... -r ...}) at.
 */
@Command(name = "infra", mixinStandardHelpOptions = true,
        description = "Starts an embedded Kafka broker and Apicurio registry, creates the topics, prints where they "
                + "are and runs until Ctrl-C.")
public final class InfraCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file (topic names, partitions).")
    Path configFile;

    @Option(names = "-D", paramLabel = "KEY=VALUE", description = "Any setting, overriding the config file.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where broker and registry keep their files. Default: a new temporary directory.")
    Path workDir;

    @Option(names = "--brokers", paramLabel = "N", defaultValue = "1",
            description = "Kafka nodes (each a broker and a controller); 3 or more gives every topic 3 replicas and "
                    + "min.insync.replicas=2, so one broker can stop (default: ${DEFAULT-VALUE}).")
    int brokers;

    @Override
    public Integer call() throws InterruptedException {
        if (brokers < 1) {
            throw new ParameterException(spec.commandLine(), "--brokers must be at least 1, got " + brokers);
        }
        PrintWriter out = spec.commandLine().getOut();
        SegstreamConfig base = SegstreamConfig.load(Optional.ofNullable(configFile), settings);
        EmbeddedStack stack = workDir == null ? EmbeddedStack.start(brokers) : EmbeddedStack.start(workDir, brokers);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "segstream-infra-shutdown"));
        SegstreamConfig config = stack.configure(base);
        List<String> created = Topics.ensure(config, config.topics().all());
        out.println("bootstrap.servers   " + stack.bootstrapServers());
        out.println("schema.registry.url " + stack.registryUrl());
        out.println("topics created      " + String.join(", ", created));
        out.println("replication         " + config.require(SegstreamConfig.REPLICATION_FACTOR) + " replicas, "
                + "min.insync.replicas " + config.require(SegstreamConfig.MIN_INSYNC_REPLICAS));
        out.println();
        out.println("Produce into it with:");
        out.println("  ./segstream produce data/online-retail/online_retail.csv.gz -b " + stack.bootstrapServers()
                + " -r " + stack.registryUrl());
        out.println("Press Ctrl-C to stop.");
        out.flush();
        stopped.await();
        return 0;
    }
}
