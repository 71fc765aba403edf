package io.segstream.app.ci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.segstream.testing.TestData;
import org.junit.jupiter.api.Test;

/**
 * The split between the two test runs holds for every test class of every module. Surefire runs {@code *Test} and
 * excludes the {@code integration} tag, failsafe runs {@code *IT}: an {@code *IT} without the tag escapes every
 * selection by tag (a quick {@code -DexcludedGroups=integration} run, an IDE's tag filter), and a tagged class not
 * named {@code *IT} runs in neither. A class that starts a broker or the replay harness's processes is an *IT.
 */
class IntegrationTagTest {

    private static final String TAG = "integration";
    /** What only an integration test does: start the embedded broker or stack, or the replay harness's processes. */
    private static final Pattern STARTS_INFRASTRUCTURE = Pattern.compile(
            "\\b(EmbeddedKafka|EmbeddedStack)\\.start|\\bnew ReplayHarness\\(");
    private static final Pattern TEST_METHOD = Pattern.compile("@(Test|ParameterizedTest|RepeatedTest)\\b");

    @Test
    void givenEveryTestSource_whenScanned_thenEachItIsTaggedAndEachTaggedClassIsAnIt() {
        List<Path> sources = testSources();
        assertTrue(sources.size() > 100, "test sources found: " + sources.size());
        List<String> wrong = sources.stream().map(IntegrationTagTest::problem).filter(p -> !p.isEmpty()).toList();
        assertEquals(List.of(), wrong);
    }

    @Test
    void givenAnUntaggedItOrATaggedTest_whenChecked_thenEachIsNamed() {
        String untagged = "/** Starts things. */\nclass FooIT {\n    @Test\n    void t() {\n    }\n}\n";
        assertTrue(problem("FooIT", untagged).contains("not tagged"), problem("FooIT", untagged));
        String tagged = "@Tag(\"integration\")\n@Timeout(60)\nfinal class FooIT {\n    @Test\n    void t() {}\n}\n";
        assertEquals("", problem("FooIT", tagged));
        String misnamed = "@Tag(\"integration\")\nclass FooTest {\n    @Test\n    void t() {}\n}\n";
        assertTrue(problem("FooTest", misnamed).contains("runs in neither"), problem("FooTest", misnamed));
        // Split, so that the scan of this very file does not take the fixture for a broker start.
        String broker = "class BarTest {\n    @Test\n    void t() { Embedded" + "Kafka.start(dir); }\n}\n";
        assertTrue(problem("BarTest", broker).contains("starts a broker"), problem("BarTest", broker));
        String helper = "final class Harness {\n    void up() { Embedded" + "Stack.start(dir, 1); }\n}\n";
        assertEquals("", problem("Harness", helper), "a helper without tests is not a test class");
    }

    private static String problem(Path source) {
        try {
            String name = source.getFileName().toString().replaceFirst("\\.java$", "");
            String problem = problem(name, Files.readString(source));
            return problem.isEmpty() ? "" : TestData.repositoryRoot().relativize(source) + ": " + problem;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What is wrong with test class {@code name} whose source is {@code text}, or "" when nothing is. */
    static String problem(String name, String text) {
        if (!TEST_METHOD.matcher(text).find()) {
            return "";
        }
        boolean tagged = Pattern.compile("@Tag\\(\"" + TAG + "\"\\)\\s*(@[\\w.]+(\\([^)]*\\))?\\s*)*"
                + "((public|final|abstract)\\s+)*class\\s+" + Pattern.quote(name) + "\\b").matcher(text).find();
        boolean it = name.endsWith("IT");
        if (it && !tagged) {
            return "an *IT not tagged @Tag(\"" + TAG + "\")";
        }
        if (tagged && !it) {
            return "tagged " + TAG + " but not named *IT: surefire excludes it and failsafe does not include it, so it"
                    + " runs in neither";
        }
        if (!it && STARTS_INFRASTRUCTURE.matcher(text).find()) {
            return "starts a broker, registry or stream process but is not an *IT tagged " + TAG;
        }
        return "";
    }

    private static List<Path> testSources() {
        try (Stream<Path> modules = Files.list(TestData.repositoryRoot().resolve("services"))) {
            return modules.map(m -> m.resolve("src/test/java")).filter(Files::isDirectory)
                    .flatMap(IntegrationTagTest::javaFiles).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<Path> javaFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
