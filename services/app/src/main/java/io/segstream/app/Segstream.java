package io.segstream.app;

import java.util.ServiceLoader;

import io.segstream.app.analyze.AnalyzeCommand;
import io.segstream.app.demo.DemoCommand;
import io.segstream.app.infra.InfraCommand;
import io.segstream.app.produce.ProduceCommand;
import io.segstream.server.SegstreamServer;
import io.segstream.server.erase.EraseCommand;
import io.segstream.server.stream.StreamCommand;
import io.segstream.server.train.TrainCommand;
import io.segstream.server.watch.WatchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The full segstream command line: the production commands of services/server and the development ones (demo,
 * produce, analyze, infra), plus what other modules on the class path add through {@link ExtraCommand}.
 */
@Command(name = "segstream", mixinStandardHelpOptions = true, version = "segstream 0.1.0",
        description = "Real-time customer segmentation on Apache Kafka.",
        subcommands = {CommandLine.HelpCommand.class, DemoCommand.class, ProduceCommand.class, StreamCommand.class,
            TrainCommand.class, WatchCommand.class, EraseCommand.class, AnalyzeCommand.class, InfraCommand.class})
public final class Segstream {

    private Segstream() {
    }

    /**
     * The command line, with the production command line's error handling. The commands of other modules on the
     * class path ({@code bench} from services/bench) join it through {@link ExtraCommand}: this module cannot name
     * them without depending on them.
     */
    public static CommandLine commandLine() {
        CommandLine line = new CommandLine(new Segstream());
        for (ExtraCommand extra : ServiceLoader.load(ExtraCommand.class)) {
            line.addSubcommand(extra);
        }
        return SegstreamServer.handleErrors(line);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
