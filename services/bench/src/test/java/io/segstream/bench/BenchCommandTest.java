package io.segstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;

import io.segstream.app.Segstream;
import io.segstream.stream.runtime.StreamDefaults;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class BenchCommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"bench --help", "bench replay --help", "bench latency --help", "bench ceiling --help", "bench codec --help",
        "bench soak --help", "bench heavy --help"})
    void givenHelp_whenRun_thenUsageAndExitCode0(String args) {
        StringWriter out = new StringWriter();
        CommandLine cli = Segstream.commandLine();
        cli.setOut(new PrintWriter(out));

        assertEquals(0, cli.execute(args.split(" ")));
        assertTrue(out.toString().contains("Usage: segstream " + args.replace(" --help", "")), out.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bench --bogus", "bench replay --warm-runs 0", "bench replay --warm-runs many",
        "bench replay --timeout soon", "bench latency --rates 1000,-5", "bench latency --rates fast",
        "bench latency --duration 0", "bench latency --commit-intervals 0", "bench latency --customers 0",
        "bench ceiling --invoices 10", "bench ceiling --customers 0", "bench ceiling --timeout soon", "bench codec --rounds 0",
        "bench soak --rate 0", "bench soak --duration 30s --sample 10s", "bench soak --customers 0",
        "bench soak --refit-every soon", "bench heavy --max-length 0", "bench heavy --max-length 2000001",
        "bench heavy --warmup -1", "bench heavy --window 0", "bench heavy --window 400 --rounds 3", "bench heavy --timeout soon", "bench nosuch"})
    void givenBadOption_whenRun_thenUsageAndExitCode2(String args) {
        StringWriter err = new StringWriter();
        CommandLine cli = Segstream.commandLine();
        cli.setErr(new PrintWriter(err));

        int code = cli.execute(args.split(" "));

        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("Usage: segstream bench"), err.toString());
    }

    @Test
    void givenNoSubcommand_whenRun_thenUsageAndExitCode2() {
        StringWriter err = new StringWriter();
        CommandLine cli = Segstream.commandLine();
        cli.setErr(new PrintWriter(err));

        assertEquals(2, cli.execute("bench"));
        assertTrue(err.toString().contains("replay") && err.toString().contains("latency"), err.toString());
    }

    @Test
    void givenHeavyLengths_whenListed_thenTheStandardOnesUpToTheMaximumThenIt() {
        Duration t = Duration.ofMinutes(1);
        assertEquals(List.of(1L), new HeavyBench.Options(1, 0, 300, 3, t).lengths());
        assertEquals(List.of(1L, 100L), new HeavyBench.Options(100, 0, 300, 3, t).lengths());
        assertEquals(List.of(1L, 1_000L, 10_000L, 50_000L), new HeavyBench.Options(50_000, 0, 300, 3, t).lengths());
        assertEquals(HeavyBench.LENGTHS, new HeavyBench.Options(1_000_000, 0, 300, 3, t).lengths());
        assertEquals(List.of(1L, 1_000L, 10_000L, 100_000L, 1_000_000L, 2_000_000L),
                new HeavyBench.Options(2_000_000, 0, 300, 3, t).lengths());
        var e = assertThrows(IllegalArgumentException.class, () -> new HeavyBench.Options(2_000_001, 0, 300, 3, t));
        assertTrue(e.getMessage().contains("2000001"), e.getMessage());
    }

    @Test
    void givenNoCommitInterval_whenLatencyIsParsed_thenItIsTheStreamsOwnDefault() {
        LatencyCommand latency = new LatencyCommand();
        new CommandLine(latency).parseArgs();
        assertEquals(List.of(Integer.valueOf(StreamDefaults.TABLE.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG))),
                latency.commitIntervals);
    }
}
