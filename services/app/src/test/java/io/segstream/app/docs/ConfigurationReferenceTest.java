package io.segstream.app.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import io.segstream.platform.config.SegstreamConfig;
import io.segstream.stream.deadletter.DeadLetterLimits;
import io.segstream.testing.TestData;
import io.segstream.trainer.settings.TrainerSettings;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md lists every {@code segstream.*} key that main code defines, and no key that it does not.
 * When this fails: add a row for the new key to the table of its section in docs/configuration.md (with its default
 * and meaning), or remove the row of a key that is gone.
 */
class ConfigurationReferenceTest {

    @Test
    void givenTheMainCode_whenItsKeysAreComparedWithTheReference_thenEachSideHasEveryKeyOfTheOther() {
        var root = TestData.repositoryRoot();
        SortedMap<String, String> inCode = SettingKeys.inMainCode(root);
        var page = SettingKeys.documented(MarkdownPages.parse(root.resolve("docs/configuration.md")));
        // The scan must see the keys of each module, or an empty scan would pass.
        assertTrue(inCode.keySet().containsAll(Set.of("segstream.partitions", "segstream.customers.anonymous",
                "segstream.trainer.min-k", "segstream.intake.max-lines", "segstream.api.workers")), inCode.toString());
        assertTrue(page.settings().size() > 40, page.settings().toString());

        SettingKeys.Differences differences = SettingKeys.compare(inCode, page);

        assertEquals(Map.of(), differences.undocumented(),
                "keys defined in main code (key=file) but missing from docs/configuration.md: add a row for each");
        assertEquals(Set.of(), differences.unknown(),
                "keys in docs/configuration.md that no main code defines: remove or rename their rows");
    }

    @Test
    void givenTheDefaultsInCode_whenComparedWithTheReference_thenTheReferenceGivesTheSame() {
        var page = MarkdownPages.parse(TestData.repositoryRoot().resolve("docs/configuration.md"));
        Map<String, String> documented = SettingKeys.documentedDefaults(page);
        // The defaults that code keeps in a table of its own, and the dead-letter limits; the others are checked by
        // their modules' tests.
        Map<String, String> inCode = new HashMap<>(TrainerSettings.DEFAULTS);
        inCode.put(DeadLetterLimits.MAX_DETAIL_CHARS, String.valueOf(DeadLetterLimits.DEFAULT.maxDetailChars()));
        inCode.put(DeadLetterLimits.MAX_VALUE_BYTES, String.valueOf(DeadLetterLimits.DEFAULT.maxValueBytes()));
        SegstreamConfig defaults = SegstreamConfig.load(Optional.empty(), Map.of());
        documented.keySet().forEach(key -> defaults.get(key).ifPresent(value -> inCode.put(key, value)));
        assertTrue(inCode.size() >= 20, inCode.toString());

        Map<String, String> differing = new HashMap<>();
        inCode.forEach((key, value) -> {
            if (!value.equals(documented.get(key))) {
                differing.put(key, "code " + value + ", docs/configuration.md " + documented.get(key));
            }
        });

        assertEquals(Map.of(), differing, "defaults that docs/configuration.md gives wrong: correct its rows");
    }

    @Test
    void givenAnUndocumentedKeyAndAStaleRow_whenCompared_thenBothAreNamed() {
        var page = SettingKeys.documented(MarkdownPages.PARSER.parse("""
                ## Settings

                | key | default | meaning |
                |---|---|---|
                | `segstream.api.port` | `7070` | port |
                | `segstream.intake.*` | | bounds |
                | `segstream.gone` | | removed from code |

                ## Names under `segstream.` that are not settings

                | name | what |
                |---|---|
                | `segstream.dlq.reason` | a header |
                """));
        SortedMap<String, String> inCode = new TreeMap<>(Map.of("segstream.api.port", "A.java",
                "segstream.api.new-one", "A.java", "segstream.intake.", "B.java", "segstream.intake.max-lines",
                "B.java", "segstream.dlq.reason", "C.java"));

        SettingKeys.Differences differences = SettingKeys.compare(inCode, page);

        assertEquals(Map.of("segstream.api.new-one", "A.java"), differences.undocumented());
        assertEquals(Set.of("segstream.gone"), differences.unknown());
    }

    @Test
    void givenConstantsBuiltFromAPrefix_whenRead_thenTheirValuesAreResolved() {
        Map<String, String> constants = SettingKeys.constants("""
                public static final String PREFIX = "segstream.intake.";
                public static final String MAX_LINES = PREFIX + "max-lines";
                static final String OTHER = Elsewhere.KEY + "x";
                """);

        assertEquals(Map.of("PREFIX", "segstream.intake.", "MAX_LINES", "segstream.intake.max-lines"), constants);
    }
}
