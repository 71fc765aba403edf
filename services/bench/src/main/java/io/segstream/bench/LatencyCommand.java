package io.segstream.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.segstream.server.cli.DurationConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code segstream bench latency}: end-to-end latency at fixed invoice rates. */
@Command(name = "latency", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Sends synthetic invoices at each rate (warm-up, then a measured window) into the running "
                + "exactly-once stream app with a trained model, and reports invoice -> features and invoice -> "
                + "segment change latency (read_committed) per rate and commit interval, and the highest rate "
                + "the stream keeps up with.")
public final class LatencyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchCommand.Shared shared;

    @Option(names = "--rates", paramLabel = "R,...", split = ",", defaultValue = "1000,5000,20000",
            description = "Invoices per second, in order. Default: ${DEFAULT-VALUE}.")
    List<Double> rates = new ArrayList<>();

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "20s", converter = DurationConverter.class,
            description = "Measured window per rate. Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "Unmeasured time at each rate before its window. Default: ${DEFAULT-VALUE}.")
    Duration warmup;

    @Option(names = "--commit-intervals", paramLabel = "MS,...", split = ",", defaultValue = "50",
            description = "commit.interval.ms values to compare, each on a fresh app and topics. "
                    + "Default: ${DEFAULT-VALUE} (what segstream stream runs with, StreamDefaults).")
    List<Integer> commitIntervals = new ArrayList<>();

    @Option(names = "--customers", paramLabel = "N", defaultValue = "1000000",
            description = "Synthetic customers. Default: ${DEFAULT-VALUE}.")
    int customers;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "7", description = "Generator seed. "
            + "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--seed-invoices", paramLabel = "N", defaultValue = "20000",
            description = "Invoices streamed before the runs to train the model on. Default: ${DEFAULT-VALUE}.")
    int seedInvoices;

    @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = "30s",
            converter = DurationConverter.class,
            description = "Longest wait after a window for the backlog to clear. Default: ${DEFAULT-VALUE}.")
    Duration drainTimeout;

    @Override
    public Integer call() throws Exception {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        var options = new LatencyBench.Options(List.copyOf(rates), warmup, duration, List.copyOf(commitIntervals),
                customers, seed, seedInvoices, drainTimeout);
        LatencyBench.Result result = LatencyBench.run(shared.config(), shared.workDir(), options,
                spec.commandLine().getErr());
        out.println();
        out.print(LatencyReport.table(result, commitIntervals));
        out.flush();
        shared.write(LatencyReport.json(result, commitIntervals, null));
        return 0;
    }

    private void validate() {
        if (rates.isEmpty() || rates.stream().anyMatch(r -> !(r > 0))) {
            throw usage("--rates must be positive numbers, got " + rates);
        }
        if (commitIntervals.isEmpty() || commitIntervals.stream().anyMatch(i -> i < 1)) {
            throw usage("--commit-intervals must be at least 1 ms, got " + commitIntervals);
        }
        if (duration.isZero() || duration.isNegative() || warmup.isNegative()) {
            throw usage("--duration must be positive and --warmup not negative");
        }
        if (customers < 1 || seedInvoices < 100) {
            throw usage("--customers must be at least 1 and --seed-invoices at least 100");
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
