package io.segstream.app.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableBody;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;

/**
 * The {@code segstream.*} keys main code defines and the ones docs/configuration.md lists. The settings have no single
 * registry in code: each module names its keys as {@code static final String} constants (SegstreamConfig,
 * StreamSettings, TrainerSettings, ApiOptions, InvoiceBounds, ...), so those constants are what is compared.
 */
final class SettingKeys {

    /** The heading of the table of names that share the prefix but are not settings. */
    static final String NOT_SETTINGS_HEADING = "Names under segstream. that are not settings";

    private static final String PREFIX = "segstream.";
    private static final Pattern CONSTANT = Pattern.compile(
            "static\\s+final\\s+String\\s+(\\w+)\\s*=\\s*([^;]+);");
    private static final Pattern PART = Pattern.compile("\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|(\\w+))\\s*");

    /** What docs/configuration.md lists: settings (a {@code *} or {@code <name>} part is a family) and other names. */
    record Documented(Set<String> settings, Set<String> notSettings) {
    }

    /** Keys in code that the page lacks, and settings on the page that code does not define. */
    record Differences(SortedMap<String, String> undocumented, Set<String> unknown) {
        boolean none() {
            return undocumented.isEmpty() && unknown.isEmpty();
        }
    }

    private SettingKeys() {
    }

    /** Every {@code segstream.*} string constant of the modules' main sources, with the file that defines it. */
    static SortedMap<String, String> inMainCode(Path root) {
        SortedMap<String, String> keys = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root.resolve("services"))) {
            files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> root.resolve("services").relativize(p).toString().matches("[^/]+/src/main/java/.*"))
                    .sorted()
                    .forEach(file -> constants(read(file)).values().stream().filter(v -> v.startsWith(PREFIX))
                            .forEach(v -> keys.putIfAbsent(v, root.relativize(file).toString())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keys;
    }

    /** The string constants of one source file, a constant built as {@code OTHER + "literal"} resolved within it. */
    static Map<String, String> constants(String source) {
        Map<String, String> expressions = new HashMap<>();
        Matcher m = CONSTANT.matcher(source);
        while (m.find()) {
            expressions.put(m.group(1), m.group(2));
        }
        Map<String, String> values = new HashMap<>();
        boolean resolvedOne = true;
        while (resolvedOne) {
            resolvedOne = false;
            for (var e : expressions.entrySet()) {
                if (!values.containsKey(e.getKey())) {
                    Optional<String> value = evaluate(e.getValue(), values);
                    if (value.isPresent()) {
                        values.put(e.getKey(), value.get());
                        resolvedOne = true;
                    }
                }
            }
        }
        return values;
    }

    private static Optional<String> evaluate(String expression, Map<String, String> known) {
        StringBuilder value = new StringBuilder();
        for (String part : expression.split("\\+")) {
            Matcher m = PART.matcher(part);
            if (!m.matches()) {
                return Optional.empty();
            }
            String piece = m.group(1) != null ? m.group(1) : known.get(m.group(2));
            if (piece == null) {
                return Optional.empty();
            }
            value.append(piece);
        }
        return Optional.of(value.toString());
    }

    /** The code spans of the first column of every table of the page, split by the section they are in. */
    static Documented documented(Node page) {
        Set<String> settings = new TreeSet<>();
        Set<String> notSettings = new TreeSet<>();
        String[] section = {""};
        page.accept(new AbstractVisitor() {
            @Override
            public void visit(Heading heading) {
                section[0] = MarkdownPages.text(heading);
            }

            @Override
            public void visit(CustomBlock block) {
                if (block instanceof TableBlock) {
                    Set<String> into = section[0].equals(NOT_SETTINGS_HEADING) ? notSettings : settings;
                    for (Node part = block.getFirstChild(); part != null; part = part.getNext()) {
                        if (part instanceof TableBody) {
                            for (Node row = part.getFirstChild(); row != null; row = row.getNext()) {
                                firstCellCode((TableRow) row, into);
                            }
                        }
                    }
                }
            }
        });
        settings.removeIf(key -> !key.startsWith(PREFIX));
        return new Documented(settings, notSettings);
    }

    /**
     * The default each single-key row of the page gives: the first code span of its second cell ({@code `7d`}), for
     * rows whose first cell names one key.
     */
    static Map<String, String> documentedDefaults(Node page) {
        Map<String, String> defaults = new HashMap<>();
        page.accept(new AbstractVisitor() {
            @Override
            public void visit(CustomBlock block) {
                if (block instanceof TableBlock) {
                    for (Node part = block.getFirstChild(); part != null; part = part.getNext()) {
                        for (Node row = part.getFirstChild(); part instanceof TableBody && row != null;
                                row = row.getNext()) {
                            Set<String> keys = new TreeSet<>();
                            firstCellCode((TableRow) row, keys);
                            Node second = row.getFirstChild().getNext();
                            if (keys.size() == 1 && second != null && second.getFirstChild() instanceof Code code) {
                                defaults.put(keys.iterator().next(), code.getLiteral());
                            }
                        }
                    }
                }
            }
        });
        return defaults;
    }

    private static void firstCellCode(TableRow row, Set<String> into) {
        TableCell first = (TableCell) row.getFirstChild();
        first.accept(new AbstractVisitor() {
            @Override
            public void visit(Code code) {
                into.add(code.getLiteral());
            }
        });
    }

    /**
     * Compares. A key in code is documented when the page lists it, lists a family it belongs to
     * ({@code segstream.intake.*} holds {@code segstream.intake.max-lines}), or names it as not a setting; a prefix in
     * code ({@code segstream.api.}) when some documented setting starts with it. A setting on the page is known when
     * code defines it, or, for a family, when code defines its fixed part or a prefix of it.
     */
    static Differences compare(SortedMap<String, String> inCode, Documented page) {
        SortedMap<String, String> undocumented = new TreeMap<>();
        inCode.forEach((key, file) -> {
            boolean documented = key.endsWith(".")
                    ? page.settings().stream().anyMatch(s -> s.startsWith(key))
                    : page.settings().contains(key) || page.notSettings().contains(key)
                            || page.settings().stream().anyMatch(s -> isFamily(s) && key.startsWith(fixedPart(s)));
            if (!documented) {
                undocumented.put(key, file);
            }
        });
        Set<String> unknown = new TreeSet<>();
        for (String setting : page.settings()) {
            boolean known = isFamily(setting)
                    ? inCode.keySet().stream().anyMatch(k -> k.endsWith(".") && fixedPart(setting).startsWith(k))
                    : inCode.containsKey(setting);
            if (!known) {
                unknown.add(setting);
            }
        }
        return new Differences(undocumented, unknown);
    }

    private static boolean isFamily(String setting) {
        return setting.contains("*") || setting.contains("<");
    }

    private static String fixedPart(String family) {
        int end = family.length();
        for (char c : new char[] {'*', '<'}) {
            int at = family.indexOf(c);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        return family.substring(0, end);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
