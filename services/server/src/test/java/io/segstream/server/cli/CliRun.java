package io.segstream.server.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import io.segstream.server.SegstreamServer;
import picocli.CommandLine;

/**
 * One in-process run of the {@code segstream} production command line, as a user would type it, with what it printed.
 *
 * @param exit its exit code
 * @param out  what it printed on standard output
 * @param err  what it printed on standard error
 */
public record CliRun(int exit, String out, String err) {

    /** Runs {@code segstream ARGS...} in this JVM and waits for it. */
    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = SegstreamServer.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }
}
