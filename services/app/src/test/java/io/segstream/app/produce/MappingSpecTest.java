package io.segstream.app.produce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import io.segstream.core.ingest.ColumnMapping;
import org.junit.jupiter.api.Test;

class MappingSpecTest {

    @Test
    void givenAmountLayoutOptions_whenParsed_thenEveryFieldIsMapped() {
        ColumnMapping mapping = MappingSpec.parse(Map.of("customer", "Kunde", "time", "Datum",
                "time-pattern", "dd.MM.yyyy", "amount", "Betrag", "delimiter", ";", "decimal", ",", "name", "shop"));

        assertEquals(new ColumnMapping("shop", "Kunde", null, "Datum", "dd.MM.yyyy", null, null, "Betrag", null,
                null, null, ';', ','), mapping);
    }

    @Test
    void givenProductLayoutWithDefaults_whenParsed_thenCommaDotAndIsoTimeAreAssumed() {
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
        assertEquals("yyyy-MM-dd HH:mm:ss", mapping.timePattern());
        assertEquals('\t', mapping.delimiter());
        assertEquals('.', mapping.decimalSeparator());
        assertNull(mapping.amount());
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
