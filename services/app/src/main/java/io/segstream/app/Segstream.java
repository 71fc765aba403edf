package io.segstream.app;

import java.io.PrintWriter;

import io.segstream.app.analyze.AnalyzeCommand;
import io.segstream.app.bench.BenchCommand;
import io.segstream.app.demo.DemoCommand;
import io.segstream.app.erase.EraseCommand;
import io.segstream.app.infra.InfraCommand;
import io.segstream.app.produce.ProduceCommand;
import io.segstream.app.stream.StreamCommand;
import io.segstream.app.train.TrainCommand;
import io.segstream.app.watch.WatchCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** The segstream command line. */
@Command(name = "segstream", mixinStandardHelpOptions = true, version = "segstream 0.1.0",
        description = "Real-time customer segmentation on Apache Kafka.",
        subcommands = {CommandLine.HelpCommand.class, DemoCommand.class, ProduceCommand.class, StreamCommand.class,
            TrainCommand.class, WatchCommand.class, EraseCommand.class, AnalyzeCommand.class, InfraCommand.class,
            BenchCommand.class})
public final class Segstream {

    private static final Logger LOG = LoggerFactory.getLogger(Segstream.class);

    private Segstream() {
    }

    /** A command line whose errors print the usage and exit with code 2. */
    public static CommandLine commandLine() {
        return new CommandLine(new Segstream()).setParameterExceptionHandler(Segstream::usageError)
                .setExecutionExceptionHandler(Segstream::failure);
    }

    /** A failure while running a command: one readable line per cause on stderr, the stack trace in the log. */
    private static int failure(Exception e, CommandLine command, CommandLine.ParseResult parseResult) {
        // WARN keeps the stack trace in the log file; the console shows the readable lines below.
        LOG.warn("segstream {} failed", command.getCommandName(), e);
        PrintWriter err = command.getErr();
        err.println(command.getColorScheme().errorText("segstream " + command.getCommandName() + ": "
                + e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            err.println("  caused by: " + cause.getMessage());
        }
        err.flush();
        return 1;
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
