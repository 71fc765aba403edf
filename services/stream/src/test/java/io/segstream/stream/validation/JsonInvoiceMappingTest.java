package io.segstream.stream.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.segstream.avro.InvoiceEvent;
import io.segstream.platform.config.SegstreamConfig;
import org.junit.jupiter.api.Test;

/** The settings of a JSON topic of the user's own shape, and decoding by them. */
class JsonInvoiceMappingTest {

    private static Map<String, String> shop() {
        Map<String, String> settings = new HashMap<>();
        settings.put("invoice", "/id");
        settings.put("customer", "/customer/id");
        settings.put("time", "/created_at");
        settings.put("product", "/line_items/*/sku");
        settings.put("quantity", "/line_items/*/quantity");
        settings.put("price", "/line_items/*/price");
        return settings;
    }

    private static String failure(Map<String, String> settings) {
        return assertThrows(IllegalArgumentException.class, () -> JsonInvoiceMapping.parse("shop", settings))
                .getMessage();
    }

    @Test
    void givenSettingsUnderThePrefix_whenRead_thenOneMappingPerNameWithItsPointers() {
        Map<String, String> keys = new HashMap<>();
        shop().forEach((k, v) -> keys.put("segstream.json-topics.shop." + k, v));
        keys.put("segstream.json-topics.shop.topic", "orders/v2");
        keys.put("segstream.json-topics.shop.description", "/line_items/*/title");
        keys.put("segstream.json-topics.pos.invoice", "/receipt");
        keys.put("segstream.json-topics.pos.customer", "/loyalty/card");
        keys.put("segstream.json-topics.pos.time", "/at");
        keys.put("segstream.json-topics.pos.product", "/*/ean");
        keys.put("segstream.json-topics.pos.quantity", "/*/n");
        keys.put("segstream.json-topics.pos.price", "/*/unit~1price");

        List<JsonInvoiceMapping> all = JsonInvoiceMapping.all(SegstreamConfig.load(Optional.empty(), keys));

        assertEquals(List.of("pos", "shop"), all.stream().map(JsonInvoiceMapping::name).toList());
        JsonInvoiceMapping pos = all.get(0);
        assertEquals("pos", pos.topic());
        assertEquals("", pos.lines().toString());
        assertEquals("/unit~1price", pos.price().toString());
        assertNull(pos.description());
        JsonInvoiceMapping shop = all.get(1);
        assertEquals("orders/v2", shop.topic());
        assertEquals("/line_items", shop.lines().toString());
        assertEquals("/sku", shop.product().toString());
        assertEquals("/title", shop.description().toString());
        assertEquals("/customer/id", shop.customer().toString());
        assertNull(shop.country());
    }

    @Test
    void givenBadSettings_whenParsed_thenTheMessageNamesTheSetting() {
        Map<String, String> noSlash = shop();
        noSlash.put("time", "created_at");
        assertTrue(failure(noSlash).startsWith("Setting 'segstream.json-topics.shop.time' must be a JSON Pointer"),
                failure(noSlash));

        Map<String, String> badEscape = shop();
        badEscape.put("customer", "/customer/~2id");
        assertTrue(failure(badEscape).startsWith("Setting 'segstream.json-topics.shop.customer' is not a JSON "
                + "Pointer"), failure(badEscape));

        Map<String, String> missing = shop();
        missing.remove("price");
        assertTrue(failure(missing).startsWith("Missing setting 'segstream.json-topics.shop.price'"),
                failure(missing));

        Map<String, String> noStar = shop();
        noStar.put("quantity", "/line_items/0/quantity");
        assertTrue(failure(noStar).startsWith("Setting 'segstream.json-topics.shop.quantity' must hold one '/*/'"),
                failure(noStar));

        Map<String, String> twoArrays = shop();
        twoArrays.put("price", "/items/*/price");
        assertEquals("Setting 'segstream.json-topics.shop.price' names the lines array '/items', but "
                + "'segstream.json-topics.shop.product' names '/line_items': every line field must be in the same "
                + "array", failure(twoArrays));

        Map<String, String> starInHeader = shop();
        starInHeader.put("country", "/line_items/*/country");
        assertTrue(failure(starInHeader).startsWith("Setting 'segstream.json-topics.shop.country' must point at one "
                + "value"), failure(starInHeader));

        Map<String, String> typo = shop();
        typo.put("custmer", "/customer/id");
        assertTrue(failure(typo).startsWith("Setting 'segstream.json-topics.shop.custmer' is not a key"),
                failure(typo));

        var noKey = SegstreamConfig.load(Optional.empty(), Map.of("segstream.json-topics.shop", "/id"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JsonInvoiceMapping.all(noKey)).getMessage()
                .startsWith("Setting 'segstream.json-topics.shop' must be"));
    }

    @Test
    void givenAnOrderOfTheMappedShape_whenDecoded_thenTheInvoiceOfItsFieldsAndTheTimeForStreamTime() {
        Map<String, String> settings = shop();
        settings.put("country", "/billing_address/country");
        var decoder = new MappedJsonDecoder(JsonInvoiceMapping.parse("shop", settings), 10);
        byte[] order = """
                {"id":450789469,"email":"a@b.c","line_items":[
                  {"sku":"85123A","quantity":6,"price":"2.55","tax_lines":[{"price":"0.51"}]},
                  {"sku":71053,"quantity":-1,"price":3.39}],
                 "created_at":"2011-12-09T12:50:00+01:00","customer":{"id":17850},
                 "billing_address":{"country":"United Kingdom"}}""".getBytes(StandardCharsets.UTF_8);

        InvoiceEvent event = assertInstanceOf(Decoded.Accepted.class, decoder.decode(order)).invoice();

        assertEquals("450789469", event.getInvoiceNo());
        assertEquals("17850", event.getCustomerId());
        assertEquals("United Kingdom", event.getCountry());
        assertEquals(Instant.parse("2011-12-09T11:50:00Z"), event.getInvoiceTime());
        assertEquals(List.of("85123A", "71053"), event.getLines().stream().map(l -> l.getStockCode()).toList());
        assertEquals(List.of(6, -1), event.getLines().stream().map(l -> l.getQuantity()).toList());
        assertEquals(List.of("2.5500", "3.3900"), event.getLines().stream().map(l -> l.getUnitPrice().toString())
                .toList());
        assertEquals("shop", event.getSource());
        assertEquals(Instant.parse("2011-12-09T11:50:00Z").toEpochMilli(), decoder.invoiceTimeOf(order));
    }

    @Test
    void givenAGuestOrder_whenDecoded_thenAnInvoiceWithoutCustomer() {
        var decoder = new MappedJsonDecoder(JsonInvoiceMapping.parse("shop", shop()), 10);
        for (String customer : new String[] {"null", "{}", "{\"id\":null}", "{\"id\":\" \"}"}) {
            byte[] order = ("{\"id\":\"7\",\"customer\":" + customer + ",\"created_at\":1323431400000,"
                    + "\"line_items\":[{\"sku\":\"A\",\"quantity\":1,\"price\":\"1\"}]}")
                    .getBytes(StandardCharsets.UTF_8);
            InvoiceEvent event = assertInstanceOf(Decoded.Accepted.class, decoder.decode(order), customer).invoice();
            assertNull(event.getCustomerId(), customer);
            assertEquals(1_323_431_400_000L, decoder.invoiceTimeOf(order));
        }
    }

    @Test
    void givenTimesTheStreamCannotUse_whenReadForStreamTime_thenNone() {
        var decoder = new MappedJsonDecoder(JsonInvoiceMapping.parse("shop", shop()), 10);
        for (String bad : new String[] {"{\"created_at\":{\"at\":1}}", "{\"created_at\":\"yesterday\"}", "[1]", "{",
                "{\"x\":{\"created_at\":5}}", "{\"created_at\":92233720368547758070}"}) {
            assertEquals(Long.MIN_VALUE, decoder.invoiceTimeOf(bad.getBytes(StandardCharsets.UTF_8)), bad);
        }
    }
}
