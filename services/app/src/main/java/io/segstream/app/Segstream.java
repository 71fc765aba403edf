package io.segstream.app;

import java.io.PrintWriter;

import io.segstream.app.train.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The segstream command line. */
@Command(name = "segstream", mixinStandardHelpOptions = true, version = "segstream 0.1.0",
        description = "Real-time customer segmentation on Apache Kafka.",
        subcommands = {CommandLine.HelpCommand.class, TrainCommand.class})
public final class Segstream {

    private Segstream() {
    }

    /** A command line whose errors print the usage and exit with code 2. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Segstream());
        // Picocli prints only suggestions for a mistyped option; always show the usage too.
        cli.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            PrintWriter err = cmd.getErr();
            err.println(cmd.getColorScheme().errorText(ex.getMessage()));
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            cmd.usage(err, cmd.getColorScheme());
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        });
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
