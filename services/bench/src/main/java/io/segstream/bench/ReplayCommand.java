package io.segstream.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import io.segstream.server.cli.DurationConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code segstream bench replay}: the whole Online Retail replay against the scikit-learn reference. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Produces the whole file as fast as possible, streams it with exactly-once (cold, then warm on "
                + "fresh application ids), trains and publishes a model with the trainer in between, measures state "
                + "bytes per customer, and runs the pandas + scikit-learn reference on the same file.")
public final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchCommand.Shared shared;

    @Mixin
    BenchCommand.InputFile input;

    @Option(names = "--warm-runs", paramLabel = "N", defaultValue = "3",
            description = "Warm stream passes (fresh application id each). Default: ${DEFAULT-VALUE}.")
    int warmRuns;

    @Option(names = "--baseline", paramLabel = "SCRIPT",
            defaultValue = "${sys:segstream.home:-.}/bench/baseline_sklearn.py",
            description = "The pandas + scikit-learn reference script. Default: ${DEFAULT-VALUE}.")
    Path baseline;

    @Option(names = "--python", paramLabel = "PYTHON",
            description = "Interpreter of the reference. Default: the first of /usr/bin/python3 and the python3 "
                    + "commands on PATH that has pandas and scikit-learn (Debian: apt-get install python3-pandas "
                    + "python3-sklearn).")
    Path python;

    @Option(names = "--no-baseline", description = "Do not run the reference.")
    boolean noBaseline;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "Longest any phase may take. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        if (warmRuns < 1) {
            throw new ParameterException(spec.commandLine(), "--warm-runs must be at least 1, got " + warmRuns);
        }
        Path file = input.path();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        var options = new ReplayBench.Options(file, warmRuns, python, noBaseline ? null : baseline, timeout);
        ReplayBench.Result result = ReplayBench.run(shared.config(), shared.workDir(), options, err);
        out.println();
        out.print(ReplayReport.table(result));
        out.flush();
        shared.write(ReplayReport.json(result));
        return 0;
    }
}
