package io.segstream.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The segstream command line. */
@Command(name = "segstream", mixinStandardHelpOptions = true, version = "segstream 0.1.0",
        description = "Real-time customer segmentation on Apache Kafka.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Segstream {

    private Segstream() {
    }

    /** A command line whose errors print the usage and exit with code 2. */
    public static CommandLine commandLine() {
        return new CommandLine(new Segstream());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
