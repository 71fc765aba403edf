package io.segstream.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import io.segstream.app.Segstream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoCommandTest {

    private record Run(int exitCode, String err) {
    }

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = Segstream.commandLine();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        return new Run(cli.execute(args), err.toString());
    }

    @Test
    void givenMissingDataFile_whenDemo_thenUsageErrorNamingTheFile() {
        Run run = run("demo", "--data", "no/such/file.csv");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("Cannot read the data file no/such/file.csv"), run.err());
        assertTrue(run.err().contains("Usage: segstream demo"), run.err());
    }

    @Test
    void givenNegativeSpeedOrBadDuration_whenDemo_thenUsageError() {
        Run speed = run("demo", "--speed", "-1");
        Run duration = run("demo", "--train-every", "soon");

        assertEquals(2, speed.exitCode());
        assertTrue(speed.err().contains("--speed must be 0 or positive"), speed.err());
        assertEquals(2, duration.exitCode());
        assertTrue(duration.err().contains("'soon' is not a duration"), duration.err());
    }

    @Test
    void givenConfigFileWithBadSettings_whenDemo_thenUsageErrorNamingTheKeyBeforeAnythingStarts() throws Exception {
        Path file = Files.createTempFile("segstream-demo", ".properties");
        Files.writeString(file, "segstream.trainer.max-k=1\n");
        Path chunk = Files.createTempFile("segstream-demo", ".properties");
        Files.writeString(chunk, "segstream.rescore.chunk=none\n");

        Run k = run("demo", "--config", file.toString());
        Run c = run("demo", "--config", chunk.toString());

        assertEquals(2, k.exitCode());
        assertTrue(k.err().contains("'segstream.trainer.max-k'"), k.err());
        assertEquals(2, c.exitCode());
        assertTrue(c.err().contains("'segstream.rescore.chunk' must be an integer, got 'none'"), c.err());
    }
}
