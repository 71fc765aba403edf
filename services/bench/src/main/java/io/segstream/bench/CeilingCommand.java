package io.segstream.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segstream.server.cli.DurationConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code segstream bench ceiling}: segstream's steady throughput next to bare Kafka Streams on the same broker. */
@Command(name = "ceiling", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Sends generated invoices, then reads them with a bare Kafka Streams pass-through, a bare "
                + "per-customer count aggregate and segstream's stream app (without and with a model), each with "
                + "the same settings (exactly-once by default) on a fresh application id, and reports records/s "
                + "over the second half of the input (JIT-warm) and over all of it.")
public final class CeilingCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchCommand.Shared shared;

    @Option(names = "--invoices", paramLabel = "N", defaultValue = "150000",
            description = "Invoices to generate. Default: ${DEFAULT-VALUE}.")
    int invoices;

    @Option(names = "--customers", paramLabel = "N", defaultValue = "40000",
            description = "Synthetic customers. Default: ${DEFAULT-VALUE}.")
    int customers;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "7", description = "Generator seed. "
            + "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--live-times", description = "Stamp invoices with the wall clock, as live traffic, instead of "
            + "their generated history (no aging catch-up during the run).")
    boolean liveTimes;

    @Option(names = "--segstream-only", description = "Skip the bare Kafka Streams applications.")
    boolean segstreamOnly;

    @Option(names = "--profile", description = "Profile segstream's features + scoring run over its second half with "
            + "async-profiler: a flame graph (HTML) next to the --out JSON (or in the work directory) and the stream "
            + "thread's CPU by stage.")
    boolean profile;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m", converter = DurationConverter.class,
            description = "Longest any run may take. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        if (invoices < 1_000 || customers < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--invoices must be at least 1000 and --customers at least 1");
        }
        Path workDir = shared.workDir();
        Path flameGraph = !profile ? null : shared.out == null ? workDir.resolve("ceiling-profile.html")
                : shared.out.resolveSibling(shared.out.getFileName().toString().replaceFirst("\\.json$", "")
                        + "-profile.html");
        var options = new CeilingBench.Options(invoices, customers, seed, liveTimes, segstreamOnly, timeout,
                flameGraph);
        CeilingBench.Result result = CeilingBench.run(shared.config(), workDir, options,
                spec.commandLine().getErr());
        PrintWriter out = spec.commandLine().getOut();
        out.println();
        out.print(table(result));
        result.profile().ifPresent(p -> {
            out.println();
            out.println("segstream, features + scoring, second half: stream-thread CPU by stage ("
                    + p.breakdown().total() + " samples; flame graph of every thread: " + p.flameGraph() + ")");
            TextTable stages = new TextTable("stage", "share", "per record");
            p.breakdown().rows(p.cpuMicrosPerRecord()).forEach(row -> stages.row(row[0], row[1], row[2]));
            out.print(stages);
        });
        out.flush();
        shared.write(json(result));
        return 0;
    }

    static String table(CeilingBench.Result result) {
        TextTable table = new TextTable("application", "start-up", "records/s, 2nd half", "records/s, all",
                "of the first", "stream-thread CPU / record");
        double ceiling = result.runs().getFirst().steadyPerSecond();
        for (CeilingBench.Run run : result.runs()) {
            table.row(run.name(), String.format("%,d ms", run.startupMillis()),
                    String.format("%,.0f", run.steadyPerSecond()), String.format("%,.0f", run.allPerSecond()),
                    String.format("%.0f%%", 100 * run.steadyPerSecond() / ceiling),
                    String.format("%.1f µs", run.cpuMicrosPerRecord()));
        }
        return String.format("%,d invoices (one record each), produced in %.2f s%n", result.invoices(),
                result.produceSeconds()) + table + "settings: " + result.settings() + "\n";
    }

    static ObjectNode json(CeilingBench.Result result) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("invoices", result.invoices());
        root.put("produceSeconds", result.produceSeconds());
        ArrayNode runs = root.putArray("runs");
        for (CeilingBench.Run run : result.runs()) {
            runs.addObject().put("name", run.name()).put("startupMillis", run.startupMillis())
                    .put("steadyPerSecond", run.steadyPerSecond()).put("allPerSecond", run.allPerSecond())
                    .put("cpuMicrosPerRecord", run.cpuMicrosPerRecord());
        }
        ObjectNode settings = root.putObject("settings");
        result.settings().forEach(settings::put);
        result.profile().ifPresent(p -> {
            ObjectNode profile = root.putObject("profile").put("flameGraph", p.flameGraph().toString())
                    .put("streamThreadSamples", p.breakdown().total());
            ObjectNode stages = profile.putObject("samplesByStage");
            p.breakdown().samples().forEach(stages::put);
        });
        return root;
    }
}
