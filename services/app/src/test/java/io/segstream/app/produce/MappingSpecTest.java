package io.segstream.app.produce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.segstream.ingest.ColumnMapping;
import io.segstream.ingest.ReadOptions;
import org.junit.jupiter.api.Test;

class MappingSpecTest {

    @Test
    void givenAmountLayoutOptions_whenParsed_thenEveryFieldIsMapped() {
        ColumnMapping mapping = MappingSpec.parse(Map.of("customer", "Kunde", "time", "Datum",
                "time-pattern", "dd.MM.yyyy", "amount", "Betrag", "delimiter", ";", "decimal", ",", "name", "shop"));

        assertEquals(new ColumnMapping("shop", "Kunde", null, "Datum", "dd.MM.yyyy", null, null, "Betrag", null,
                null, null, ';', ',', List.of()), mapping);
    }

    @Test
    void givenProductLayoutWithDefaults_whenParsed_thenCommaDotAreAssumedAndTheTimePatternIsLeftToDetection() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("Customer", "cust");
        options.put("invoice", "order");
        options.put("time", "ts");
        options.put("quantity", "qty");
        options.put("price", "unit");
        options.put("product", "sku");
        options.put("delimiter", "tab");

        ColumnMapping mapping = MappingSpec.parse(options);

        assertEquals("custom", mapping.name());
        assertEquals("cust", mapping.customer());
        assertNull(mapping.timePattern(), "detected from the file");
        assertEquals('\t', mapping.delimiter());
        assertEquals('.', mapping.decimalSeparator());
        assertNull(mapping.amount());
        assertEquals(List.of(), mapping.header(), "the first line is the header");
    }

    @Test
    void givenWhitespaceDelimiterAndColumns_whenParsed_thenRunsOfBlanksSplitAndTheColumnsAreNamed() {
        ColumnMapping mapping = MappingSpec.parse(Map.of("customer", "id", "time", "day", "amount", "total",
                "delimiter", "Whitespace", "columns", " id, day ,total"));

        assertTrue(mapping.splitsOnWhitespace());
        assertEquals(ColumnMapping.WHITESPACE, mapping.delimiter());
        assertEquals(List.of("id", "day", "total"), mapping.header());
        assertTrue(MappingSpec.parse(Map.of("customer", "id", "time", "day", "amount", "total", "delimiter", " "))
                .splitsOnWhitespace(), "a single space means whitespace too");
        assertFalse(MappingSpec.parse(Map.of("customer", "id", "time", "day", "amount", "total", "delimiter", "tab"))
                .splitsOnWhitespace(), "tab-separated is delimited: two tabs are an empty field");
    }

    @Test
    void givenBadColumns_whenParsed_thenTheMessageNamesTheColumn() {
        assertEquals("invalid --mapping: column 'day' is named twice in columns [id, day, day]",
                message(Map.of("customer", "id", "time", "day", "amount", "day", "columns", "id,day,day")));
        assertEquals("invalid --mapping: amount column 'total' is not among columns [id, day, sum]",
                message(Map.of("customer", "id", "time", "day", "amount", "total", "columns", "id,day,sum")));
        assertEquals("invalid --mapping: empty column name in columns [id, , total]",
                message(Map.of("customer", "id", "time", "day", "amount", "total", "columns", "id,,total")));
        assertEquals("invalid --mapping: columns needs comma-separated names, e.g. columns=id,date,amount",
                message(Map.of("customer", "id", "time", "day", "amount", "total", "columns", " ")));
    }

    private static String message(Map<String, String> options) {
        return assertThrows(IllegalArgumentException.class, () -> MappingSpec.parse(options)).getMessage();
    }

    @Test
    void givenOnlyReadingKeys_whenParsed_thenTheLayoutIsLeftToDetectionAndTheReadOptionsHoldThem() {
        Map<String, String> options = Map.of("Encoding", "cp1252", "time-pattern", "d/M/yyyy H:mm");

        assertNull(MappingSpec.parse(options));
        assertEquals(new ReadOptions(Charset.forName("windows-1252"), "d/M/yyyy H:mm", "Year 2010-2011"),
                MappingSpec.readOptions(options, "Year 2010-2011"));
        assertEquals(ReadOptions.DETECT, MappingSpec.readOptions(Map.of("customer", "c"), null));
        assertEquals("unknown --mapping encoding 'klingon'; e.g. UTF-8, windows-1252, ISO-8859-1",
                assertThrows(IllegalArgumentException.class,
                        () -> MappingSpec.readOptions(Map.of("encoding", "klingon"), null)).getMessage());
    }

    @Test
    void givenInvalidOptions_whenParsed_thenTheMessageNamesTheProblem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MappingSpec.parse(Map.of("customer", "c",
                "time", "t"))).getMessage().contains("exactly one of price and amount"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MappingSpec.parse(Map.of("customer", "c",
                "time", "t", "amount", "a", "delimiter", ";;"))).getMessage().contains("single character"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MappingSpec.parse(Map.of("customer", "c",
                "time", "t", "amount", "a", "delimiter", ",", "decimal", ","))).getMessage().contains("must differ"));
    }
}
