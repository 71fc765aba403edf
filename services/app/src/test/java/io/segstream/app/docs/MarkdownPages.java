package io.segstream.app.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.IdGenerator;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/**
 * The repository's Markdown pages read as a renderer reads them (CommonMark with GitHub tables), so that a link inside
 * a code span or a fenced block is not taken for a link, and heading anchors are the ids GitHub gives them.
 */
final class MarkdownPages {

    static final Parser PARSER = Parser.builder().extensions(List.of(TablesExtension.create()))
            .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES).build();

    /** A link or image of {@code page} at {@code line} (1-based), as written. */
    record PageLink(Path page, int line, String destination) {
    }

    private MarkdownPages() {
    }

    /** The top-level README and every page under {@code docs/} and {@code deploy/}. */
    static List<Path> pages(Path root) {
        List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
        for (String dir : List.of("docs", "deploy")) {
            try (Stream<Path> files = Files.walk(root.resolve(dir))) {
                files.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(pages::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return pages;
    }

    static Node parse(Path page) {
        try {
            return PARSER.parse(Files.readString(page, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<PageLink> links(Path page) {
        List<PageLink> links = new ArrayList<>();
        parse(page).accept(new AbstractVisitor() {
            @Override
            public void visit(Link link) {
                links.add(new PageLink(page, line(link), link.getDestination()));
                visitChildren(link);
            }

            @Override
            public void visit(Image image) {
                links.add(new PageLink(page, line(image), image.getDestination()));
            }
        });
        return links;
    }

    private static int line(Node node) {
        return node.getSourceSpans().isEmpty() ? 0 : node.getSourceSpans().getFirst().getLineIndex() + 1;
    }

    /** The anchors of {@code page}'s headings, numbered as GitHub numbers repeated ones ({@code -1}, {@code -2}). */
    static Set<String> anchors(Path page) {
        IdGenerator ids = IdGenerator.builder().build();
        Set<String> anchors = new HashSet<>();
        parse(page).accept(new AbstractVisitor() {
            @Override
            public void visit(Heading heading) {
                anchors.add(ids.generateId(text(heading)));
            }
        });
        return anchors;
    }

    /** The text of a node as an anchor sees it: its words and code spans, without markup. */
    static String text(Node node) {
        StringBuilder text = new StringBuilder();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Text t) {
                text.append(t.getLiteral());
            }

            @Override
            public void visit(Code code) {
                text.append(code.getLiteral());
            }
        });
        return text.toString();
    }

    /**
     * Every relative link of {@code pages} whose file does not exist, or whose anchor no heading of its Markdown
     * target has, each as {@code page:line: destination: why}. Absolute URLs (any scheme) are not followed.
     */
    static List<String> brokenLinks(Path root, List<Path> pages) {
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            for (PageLink link : links(page)) {
                String problem = problem(page, link.destination());
                if (problem != null) {
                    broken.add(root.relativize(page) + ":" + link.line() + ": " + link.destination() + ": " + problem);
                }
            }
        }
        return broken;
    }

    private static String problem(Path page, String destination) {
        URI uri;
        try {
            uri = new URI(destination);
        } catch (URISyntaxException e) {
            return "not a valid link (" + e.getMessage() + ")";
        }
        if (uri.getScheme() != null) {
            return null;
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        Path target = path.isEmpty() ? page : page.getParent().resolve(path).normalize();
        if (!Files.exists(target)) {
            return "no such file " + target;
        }
        String anchor = uri.getFragment();
        if (anchor == null || anchor.isEmpty() || !target.toString().toLowerCase(Locale.ROOT).endsWith(".md")) {
            return null;
        }
        return anchors(target).contains(anchor) ? null : "no heading with anchor #" + anchor + " in " + target;
    }
}
