package io.segstream.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WhitespaceRowsTest {

    private static List<Row> rows(String text) {
        List<Row> rows = new ArrayList<>();
        try (WhitespaceRows source = new WhitespaceRows(new StringReader(text))) {
            for (Row row = source.next(); row != null; row = source.next()) {
                rows.add(row);
            }
            assertNull(source.next(), "stays at the end");
        }
        return rows;
    }

    @Test
    void givenRunsOfSpacesAndTabs_whenSplit_thenEachRunSeparatesAndTheEndsAreIgnored() {
        assertEquals(List.of("a", "b", "c"), WhitespaceRows.split("a b c"));
        assertEquals(List.of("17850", "2011-12-09", "12.50"),
                WhitespaceRows.split("  17850 \t \t2011-12-09\t\t12.50  "));
        assertEquals(List.of("x"), WhitespaceRows.split("\tx\t"));
        assertEquals(List.of(), WhitespaceRows.split(""));
        assertEquals(List.of(), WhitespaceRows.split(" \t  \t"));
    }

    @Test
    void givenDoubleQuotedValues_whenSplit_thenTheirSpacesAndDoubledQuotesAreKept() {
        assertEquals(List.of("85123A", "blue  mug", "2"), WhitespaceRows.split("85123A \"blue  mug\"\t2"));
        assertEquals(List.of("say \"hi\"", ""), WhitespaceRows.split("\"say \"\"hi\"\"\" \"\""));
        assertEquals(List.of("12\"", "frame"), WhitespaceRows.split("12\" frame"), "a quote inside a value is text");
    }

    @Test
    void givenBrokenQuotes_whenSplit_thenTheFieldIsNamed() {
        assertEquals("unterminated quote in field 2",
                assertThrows(IllegalArgumentException.class, () -> WhitespaceRows.split("a \"b c")).getMessage());
        assertEquals("text after the closing quote of field 1",
                assertThrows(IllegalArgumentException.class, () -> WhitespaceRows.split("\"a\"b c")).getMessage());
    }

    @Test
    void givenCrlfCrAndBlankLines_whenRead_thenBlankLinesAreSkippedButCounted() {
        List<Row> rows = rows("\uFEFFid  day\r\n\r\n  1\t2011-12-09 \r\n \t \r\n"
                + "2 2011-12-10\r3 2011-12-11\n4 2011-12-12");

        assertEquals(List.of(1L, 3L, 5L, 6L, 7L), rows.stream().map(Row::lineNumber).toList());
        assertEquals(List.of("id", "day"), rows.get(0).fields(), "byte order mark dropped");
        assertEquals(List.of("1", "2011-12-09"), rows.get(1).fields(), "no CR left on the last field");
        assertEquals(List.of("2", "2011-12-10"), rows.get(2).fields());
        assertEquals(List.of("4", "2011-12-12"), rows.get(4).fields(), "last line without line end");
        assertNull(rows.get(4).problem());
    }

    @Test
    void givenALineThatCannotBeSplit_whenRead_thenItIsARowWithItsProblemAndTheNextLinesFollow() {
        List<Row> rows = rows("id name\r\n7 \"open\r\n8 shut\r\n");

        assertEquals(new Row(2, List.of("7 \"open"), "unterminated quote in field 2"), rows.get(1));
        assertEquals(new Row(3, List.of("8", "shut"), null), rows.get(2));
    }
}
