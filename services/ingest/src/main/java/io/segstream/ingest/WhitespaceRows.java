package io.segstream.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of a whitespace-separated file, one per line: fields are separated by runs of spaces and tabs, leading and
 * trailing ones are ignored and blank lines are skipped. Padded exports cannot be read as delimited text, since
 * every extra space would be an empty field.
 *
 * <p>A value containing spaces cannot be told from two values unless it is double-quoted ({@code "blue mug"}, a
 * quote inside written {@code ""}); a quoted value cannot span lines. A line with an unterminated quote or text
 * right after a closing quote becomes a {@link Row} with a problem.
 */
final class WhitespaceRows implements RowSource {

    private static final char BOM = '\uFEFF';

    private final BufferedReader reader;
    private long lineNumber;

    WhitespaceRows(InputStream in, Charset encoding) {
        this(new InputStreamReader(in, encoding));
    }

    WhitespaceRows(Reader in) {
        this.reader = new BufferedReader(in, 1 << 16);
    }

    @Override
    public Row next() {
        for (String line = readLine(); line != null; line = readLine()) {
            if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == BOM) {
                line = line.substring(1);
            }
            List<String> fields;
            try {
                fields = split(line);
            } catch (IllegalArgumentException e) {
                return new Row(lineNumber, List.of(line), e.getMessage());
            }
            if (!fields.isEmpty()) {
                return new Row(lineNumber, fields, null);
            }
        }
        return null;
    }

    /**
     * The fields of one line.
     *
     * @throws IllegalArgumentException for an unterminated quote or text right after a closing quote
     */
    static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        int n = line.length();
        int i = skipBlanks(line, 0);
        while (i < n) {
            int end;
            if (line.charAt(i) == '"') {
                StringBuilder value = new StringBuilder();
                end = closingQuote(line, i + 1, value, fields.size() + 1) + 1;
                if (end < n && !blank(line.charAt(end))) {
                    throw new IllegalArgumentException("text after the closing quote of field " + (fields.size() + 1));
                }
                fields.add(value.toString());
            } else {
                end = i;
                while (end < n && !blank(line.charAt(end))) {
                    end++;
                }
                fields.add(line.substring(i, end));
            }
            i = skipBlanks(line, end);
        }
        return fields;
    }

    /** Appends the quoted value starting at {@code from} to {@code value}; returns the closing quote's index. */
    private static int closingQuote(String line, int from, StringBuilder value, int field) {
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c != '"') {
                value.append(c);
            } else if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                value.append('"');
                i++;
            } else {
                return i;
            }
        }
        throw new IllegalArgumentException("unterminated quote in field " + field);
    }

    private static int skipBlanks(String line, int from) {
        int i = from;
        while (i < line.length() && blank(line.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean blank(char c) {
        return c == ' ' || c == '\t';
    }

    private String readLine() {
        try {
            String line = reader.readLine();
            if (line != null) {
                lineNumber++;
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
