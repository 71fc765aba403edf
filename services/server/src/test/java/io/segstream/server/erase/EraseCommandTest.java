package io.segstream.server.erase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segstream.server.cli.CliRun;
import org.junit.jupiter.api.Test;

class EraseCommandTest {

    @Test
    void givenNoCustomer_whenRun_thenUsageAndExitCode2() {
        CliRun run = CliRun.of("erase", "-b", "localhost:1", "-r", "http://localhost:1");

        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("Missing required parameter: 'CUSTOMER'"), run.err());
        assertTrue(run.err().contains("Usage: segstream erase"), run.err());
    }

    @Test
    void givenBlankCustomer_whenRun_thenUsageAndExitCode2() {
        CliRun run = CliRun.of("erase", " ", "-b", "localhost:1", "-r", "http://localhost:1");

        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("a CUSTOMER id must not be blank"), run.err());
    }
}
