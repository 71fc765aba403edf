package io.segstream.bench;

import java.io.PrintWriter;
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

/** {@code segstream bench soak}: a bounded run at a steady rate, with the trend of every resource. */
@Command(name = "soak", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sends invoices of a fixed population of synthetic customers at a steady rate into the running"
                + " exactly-once stream app, with the trainer refitting alongside, and samples heap after GC, consumer"
                + " lag, invoice -> features p99 and the RocksDB stores' size (SST files and memtables). Prints each"
                + " one's trend (least-squares slope after the first 20 %%) and a verdict: bounded when heap and state"
                + " per invoice grow by less than 10 %% of their mean per"
                + " hour, the p99 by less than half its mean (at least 50 ms) per hour, the lag stays under two"
                + " seconds of input over the last quarter, and every invoice is processed.",
            "Exit codes: 0 bounded, 3 something grows, 2 bad options, 1 failure."})
public final class SoakCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchCommand.Shared shared;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "20m", converter = DurationConverter.class,
            description = "How long invoices are sent. Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "1000",
            description = "Invoices per second. Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--sample", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "Sampling period. Default: ${DEFAULT-VALUE}.")
    Duration sample;

    @Option(names = "--refit-every", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "Wall-clock interval of the trainer's refits. Default: ${DEFAULT-VALUE}.")
    Duration refitEvery;

    @Option(names = "--customers", paramLabel = "N", defaultValue = "50000",
            description = "Synthetic customers; the same ones keep buying for the whole soak. Default: ${DEFAULT-VALUE}.")
    int customers;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "7", description = "Generator seed. "
            + "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--seed-invoices", paramLabel = "N", defaultValue = "20000",
            description = "Invoices streamed before the soak to train the first model on. Default: ${DEFAULT-VALUE}.")
    int seedInvoices;

    @Option(names = "--external-stack", description = "Use the broker and registry of the settings "
            + "(bootstrap.servers, schema.registry.url; e.g. ./segstream infra in another shell) instead of an embedded "
            + "stack, so that the heap sampled is the stream's and the trainer's alone, not the broker's too.")
    boolean externalStack;

    @Override
    public Integer call() throws Exception {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        var options = new SoakBench.Options(rate, duration, sample, refitEvery, customers, seed, seedInvoices);
        SoakBench.Result result = externalStack
                ? SoakBench.runExternal(shared.config(), shared.workDir(), options, spec.commandLine().getErr())
                : SoakBench.run(shared.config(), shared.workDir(), options, spec.commandLine().getErr());
        out.println();
        out.print(table(result));
        out.flush();
        shared.write(json(result, options));
        return result.passed() ? 0 : 3;
    }

    static String table(SoakBench.Result result) {
        TextTable table = new TextTable("measure", "unit", "mean", "slope/h", "95% interval", "rule", "verdict");
        for (SoakBench.Trend t : result.trends()) {
            table.row(t.measure(), t.unit(), String.format("%,.1f", t.mean()),
                    String.format("%+,.1f", t.slopePerHour()), String.format("±%,.1f", t.slopeHalfWidth()), t.rule(), t.bounded() ? "bounded" : "GROWS");
        }
        return String.format("%,d invoices sent, %,d processed, %,d refits, %d samples%n", result.sent(),
                result.processed(), result.refits(), result.samples().size())
                + table
                + (result.passed() ? "verdict: bounded\n" : "verdict: NOT bounded\n");
    }

    static ObjectNode json(SoakBench.Result result, SoakBench.Options options) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("rate", options.rate());
        root.put("durationSeconds", options.duration().toSeconds());
        root.put("sent", result.sent());
        root.put("processed", result.processed());
        root.put("refits", result.refits());
        root.put("passed", result.passed());
        ArrayNode samples = root.putArray("samples");
        for (SoakBench.Sample s : result.samples()) {
            samples.addObject().put("minutes", s.minutes()).put("heapAfterGcBytes", s.heapAfterGcBytes())
                    .put("lag", s.lag()).put("p99Millis", s.p99Millis()).put("stateBytes", s.stateBytes())
                    .put("customers", s.customers()).put("invoices", s.invoices());
        }
        ArrayNode trends = root.putArray("trends");
        for (SoakBench.Trend t : result.trends()) {
            trends.addObject().put("measure", t.measure()).put("unit", t.unit()).put("mean", t.mean())
                    .put("slopePerHour", t.slopePerHour())
                    .put("slopeHalfWidth95", t.slopeHalfWidth()).put("rule", t.rule()).put("bounded", t.bounded());
        }
        return root;
    }

    private void validate() {
        if (!(rate > 0) || duration.isNegative() || duration.isZero() || sample.isNegative() || sample.isZero()
                || refitEvery.isNegative() || refitEvery.isZero()) {
            throw usage("--rate, --duration, --sample and --refit-every must be positive");
        }
        if (duration.compareTo(sample.multipliedBy(5)) < 0) {
            throw usage("--duration must hold at least 5 samples of --sample " + sample);
        }
        if (customers < 1 || seedInvoices < 100) {
            throw usage("--customers must be at least 1 and --seed-invoices at least 100");
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
