package io.segstream.app;

import java.io.PrintWriter;

import io.segstream.app.bench.BenchCommand;
import io.segstream.app.infra.InfraCommand;
import io.segstream.app.produce.ProduceCommand;
import io.segstream.app.train.TrainCommand;
import io.segstream.app.watch.WatchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** The segstream command line. */
@Command(name = "segstream", mixinStandardHelpOptions = true, version = "segstream 0.1.0",
        description = "Real-time customer segmentation on Apache Kafka.",
        subcommands = {CommandLine.HelpCommand.class, ProduceCommand.class, InfraCommand.class, TrainCommand.class,
            WatchCommand.class, BenchCommand.class})
public final class Segstream {

    private Segstream() {
    }

    /** A command line whose errors print the usage and exit with code 2. */
    public static CommandLine commandLine() {
        return new CommandLine(new Segstream()).setParameterExceptionHandler(Segstream::usageError);
    }

    /** Picocli shows only suggestions for a mistyped option; the usage is shown as well, so users see all options. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(command.getColorScheme().errorText(e.getMessage()));
        UnmatchedArgumentException.printSuggestions(e, err);
        command.usage(err, command.getColorScheme());
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
