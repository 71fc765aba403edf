package io.segstream.app.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.segstream.testing.TestData;
import org.junit.jupiter.api.Test;

/**
 * The README stays a front door (a few screens, the two commands near the top) and CI runs exactly the test command
 * it shows.
 */
class FrontDoorTest {

    private static final String TEST_COMMAND = "JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 ./mvnw verify";
    private static final String DEMO_COMMAND = "./segstream demo";
    private static final Pattern CI_JAVA_HOME =
            Pattern.compile("export JAVA_HOME=\"\\$\\{SEGSTREAM_JAVA_HOME:-([^}]+)}\"");

    private static List<String> readme() throws IOException {
        return Files.readAllLines(TestData.repositoryRoot().resolve("README.md"));
    }

    @Test
    void givenTheReadme_whenCounted_thenItFitsAFewScreensWithBothCommandsInTheFirstForty() throws IOException {
        List<String> lines = readme();

        assertTrue(lines.size() <= 150, "README.md has " + lines.size() + " lines; reference material goes to docs/");
        List<String> top = lines.subList(0, Math.min(40, lines.size()));
        assertTrue(top.contains(TEST_COMMAND), "the test command within the first 40 lines: " + TEST_COMMAND);
        assertTrue(top.contains(DEMO_COMMAND), "the demo command within the first 40 lines: " + DEMO_COMMAND);
    }

    @Test
    void givenCiRun_whenRead_thenItRunsTheReadmesTestCommand() throws IOException {
        assertTrue(readme().contains(TEST_COMMAND), "README.md shows " + TEST_COMMAND);
        List<String> ci = Files.readAllLines(TestData.repositoryRoot().resolve(".ci/run"));
        String javaHome = ci.stream().map(CI_JAVA_HOME::matcher).filter(Matcher::matches).map(m -> m.group(1))
                .findFirst().orElse("none");
        List<String> maven = ci.stream().filter(line -> line.startsWith("./mvnw")).toList();

        // -B (batch mode) only changes how Maven logs, not what it runs.
        assertEquals(TEST_COMMAND, "JAVA_HOME=" + javaHome + " " + maven.getFirst().replace(" -B", ""),
                ".ci/run must run exactly the README's test command");
        assertEquals(1, maven.size(), "one Maven run in .ci/run: " + maven);
    }
}
