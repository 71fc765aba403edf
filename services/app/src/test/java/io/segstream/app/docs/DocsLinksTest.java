package io.segstream.app.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.segstream.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every relative link of the README and the pages under docs/ and deploy/ leads to a file, and to a heading in it. */
class DocsLinksTest {

    @Test
    void givenTheReadmeAndTheDocs_whenEveryRelativeLinkIsFollowed_thenItsFileAndAnchorExist() {
        Path root = TestData.repositoryRoot();
        List<Path> pages = MarkdownPages.pages(root);
        assertTrue(pages.contains(root.resolve("docs/configuration.md")), "pages read: " + pages);

        List<String> broken = MarkdownPages.brokenLinks(root, pages);

        assertEquals(List.of(), broken, "broken links (page:line: destination: why)");
    }

    @Test
    void givenAMissingFileAndAMissingAnchor_whenChecked_thenBothAreReportedAndNothingElse(@TempDir Path root)
            throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/page.md"), """
                # A heading: with `code`

                ## Twice

                ## Twice

                [back](../README.md) [self](#twice-1)
                """);
        Files.writeString(root.resolve("README.md"), """
                # Front

                [gone](docs/missing.md) and [found](docs/page.md#a-heading-with-code)
                [no anchor](docs/page.md#nowhere) [web](https://example.com/x.md) ![img](docs/page.md)
                `[in code](docs/missing-too.md)`

                ```
                [in a block](docs/missing-three.md)
                ```
                """);

        List<String> broken = MarkdownPages.brokenLinks(root, List.of(root.resolve("README.md"),
                root.resolve("docs/page.md")));

        assertEquals(2, broken.size(), broken.toString());
        assertTrue(broken.get(0).startsWith("README.md:3: docs/missing.md: no such file"), broken.get(0));
        assertTrue(broken.get(1).startsWith("README.md:4: docs/page.md#nowhere: no heading with anchor #nowhere"),
                broken.get(1));
    }
}
