package io.segstream.server;

import java.io.PrintWriter;

import io.segstream.server.erase.EraseCommand;
import io.segstream.server.stream.StreamCommand;
import io.segstream.server.train.TrainCommand;
import io.segstream.server.watch.WatchCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The production command line, the entrypoint of the production image: the stream and the trainer, and the two
 * operator commands that need nothing else (watch, erase). No dev stack, no analysis, no benchmarks: everything on
 * its class path is Apache-2.0. The full command line of services/app adds the rest.
 */
@Command(name = "segstream", mixinStandardHelpOptions = true, version = "segstream 0.1.0",
        description = "Real-time customer segmentation on Apache Kafka: the stream and the trainer.",
        subcommands = {CommandLine.HelpCommand.class, StreamCommand.class, TrainCommand.class, WatchCommand.class,
            EraseCommand.class})
public final class SegstreamServer {

    private static final Logger LOG = LoggerFactory.getLogger(SegstreamServer.class);

    private SegstreamServer() {
    }

    /** The production command line, its errors handled as {@link #handleErrors} says. */
    public static CommandLine commandLine() {
        return handleErrors(new CommandLine(new SegstreamServer()));
    }

    /** Bad options print the usage and exit with code 2; a failure prints one line per cause and exits with 1. */
    public static CommandLine handleErrors(CommandLine line) {
        return line.setParameterExceptionHandler(SegstreamServer::usageError)
                .setExecutionExceptionHandler(SegstreamServer::failure);
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
