package io.segstream.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segstream.app.ExtraCommand;
import io.segstream.app.cli.ShippedData;
import io.segstream.platform.config.SegstreamConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code segstream bench}: throughput and latency benchmarks on an embedded broker and registry. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks on an embedded broker and registry, printed as tables and written as JSON (--out).",
            "Exit codes: 0 done, 2 bad options, 1 failure."},
        subcommands = {ReplayCommand.class, LatencyCommand.class, CeilingCommand.class, CodecCommand.class,
            SoakCommand.class, HeavyCommand.class, TrainerCommand.class})
public final class BenchCommand implements Callable<Integer>, ExtraCommand {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }

    /** The transaction file of the benchmarks that read one. */
    static final class InputFile {

        @Parameters(paramLabel = "FILE", arity = "0..1",
                description = "Transaction file. Default: the shipped Online Retail file.")
        Path data;

        /** The given file, or the shipped Online Retail file. */
        Path path() {
            return data != null ? data : ShippedData.onlineRetail();
        }
    }

    /** Options both benchmarks share. */
    static final class Shared {

        @Option(names = "--out", paramLabel = "FILE", description = "Also write the results as JSON to FILE.")
        Path out;

        @Option(names = "--work-dir", paramLabel = "DIR",
                description = "Where broker, registry and state stores keep their files. Default: a new temp dir.")
        Path workDir;

        @Option(names = "--config", paramLabel = "FILE",
                description = "Properties file with Kafka Streams / producer settings to benchmark.")
        Path configFile;

        @Option(names = "-D", paramLabel = "KEY=VALUE",
                description = "Any setting, e.g. -D commit.interval.ms=50 -D num.stream.threads=2.")
        Map<String, String> settings = new LinkedHashMap<>();

        SegstreamConfig config() {
            return SegstreamConfig.load(Optional.ofNullable(configFile), settings);
        }

        Path workDir() {
            try {
                return workDir == null ? Files.createTempDirectory("segstream-bench-")
                        : Files.createDirectories(workDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the work directory", e);
            }
        }

        void write(ObjectNode json) {
            if (out == null) {
                return;
            }
            try {
                if (out.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(out.toAbsolutePath().getParent());
                }
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), json);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + out, e);
            }
        }
    }
}
