package io.segstream.stream.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.DeadLetter;
import io.segstream.avro.InvoiceEvent;
import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.core.cleaning.Outcome;
import io.segstream.stream.features.AgingSchedule;
import io.segstream.stream.testing.PlainBatchCheck;
import io.segstream.stream.testing.ShopOrders;
import io.segstream.stream.testing.TopologyFixture;
import io.segstream.testing.PlainRetailFeatures;
import io.segstream.testing.TestData;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * A topic of the user's own order JSON ({@code segstream.json-topics.*}) through the whole stream: the Online Retail
 * invoices as a shop platform's webhook orders give every customer the features of the plain batch computation, and
 * orders that do not fit the mapping are dead letters with their reasons, among good ones that still count.
 */
class MappedJsonTopologyTest {

    private static final String TOPIC = "shop-orders";

    private static TopologyFixture fixture() {
        return new TopologyFixture(CleaningPolicy.defaults(), AgingSchedule.DEFAULT, InvoiceBounds.DEFAULT,
                List.of(ShopOrders.mapping(TOPIC)));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void givenOnlineRetailAsShopOrdersKeyedByOrder_whenStreamed_thenEveryCustomerMatchesPlainBatch() throws Exception {
        List<ObjectNode> orders = ShopOrders.fromOnlineRetail();
        PlainRetailFeatures expected = PlainRetailFeatures.compute(TestData.onlineRetail());

        Map<String, CustomerFeatures> latest;
        try (TopologyFixture fx = fixture()) {
            TestInputTopic<byte[], byte[]> shop = fx.jsonTopic(TOPIC);
            for (ObjectNode order : orders) {
                shop.pipeInput(utf8(order.get("id").asText()), ShopOrders.bytes(order));
            }
            latest = fx.features.readKeyValuesToMap();

            assertEquals(expected.invoicesSeen.size(), orders.size());
            assertEquals(orders.size(), fx.counters.inputs(), "every order reached the feature stage as an invoice");
            assertEquals(0, fx.counters.deadLetters());
            assertEquals(expected.rowsWithoutCustomer > 0, fx.counters.outcome(Outcome.NOT_SEGMENTABLE) > 0);
        }
        assertEquals(expected.customers.keySet(), latest.keySet());
        PlainBatchCheck.assertMatches(expected, latest);
    }

    @Test
    void givenOrdersThatDoNotFitTheMapping_whenStreamed_thenDeadLettersWithReasonsAndTheGoodOnesCount() {
        String good = """
                {"id":1,"name":"5001","created_at":"2011-12-09T12:50:00+01:00","customer":{"id":12680,"x":[1]},
                 "billing_address":{"country":"France"},"note":null,
                 "line_items":[{"sku":"22138","title":"BAKING SET","quantity":3,"price":"4.95","grams":0}]}""";
        List<String> lines = new ArrayList<>();
        for (int i = 0; i <= InvoiceBounds.DEFAULT.maxLines(); i++) {
            lines.add("0");
        }
        Map<String, RejectReason> bad = new java.util.LinkedHashMap<>();
        bad.put(good.replace("\"created_at\":\"2011-12-09T12:50:00+01:00\",", ""), RejectReason.MISSING_FIELD);
        bad.put(good.replace("\"quantity\":3", "\"quantity\":\"three\""), RejectReason.UNDECODABLE);
        bad.put(good.replace("\"price\":\"4.95\"", "\"price\":{\"amount\":\"4.95\"}"), RejectReason.UNDECODABLE);
        bad.put(good.replace("{\"id\":12680,\"x\":[1]}", "{\"id\":{\"gid\":12680}}"), RejectReason.UNDECODABLE);
        bad.put(good.replace("\"sku\":\"22138\",", ""), RejectReason.MISSING_FIELD);
        bad.put(good.replaceAll("\"line_items\":\\[.*]", "\"line_items\":{\"sku\":\"22138\"}"),
                RejectReason.UNDECODABLE);
        bad.put(good.replaceAll("\"line_items\":\\[.*]", "\"line_items\":[" + String.join(",", lines) + "]"),
                RejectReason.TOO_MANY_LINES);
        bad.put(good.replace("\"quantity\":3", "\"quantity\":3000000"), RejectReason.QUANTITY_OUT_OF_BOUNDS);
        bad.put(good.replace("2011-12-09T12:50:00+01:00", "2311-12-09T12:50:00+01:00"), RejectReason.FUTURE_TIME);
        bad.put(good.substring(0, 40), RejectReason.UNDECODABLE);

        try (TopologyFixture fx = fixture()) {
            TestInputTopic<byte[], byte[]> shop = fx.jsonTopic(TOPIC);
            var invoices = fx.driver.createOutputTopic(TopologyFixture.INVOICES, Serdes.String().deserializer(),
                    fx.invoiceSerde.deserializer());
            shop.pipeInput(utf8("order-1"), utf8(good));
            for (String order : bad.keySet()) {
                shop.pipeInput(utf8("order-x"), utf8(order));
            }
            shop.pipeInput(utf8("order-2"), utf8(good.replace("\"name\":\"5001\"", "\"name\":\"5002\"")));

            List<TestRecord<byte[], DeadLetter>> letters = fx.deadLetters.readRecordsToList();
            assertEquals(new ArrayList<>(bad.values()), letters.stream()
                    .map(r -> RejectReason.valueOf(r.value().getReason())).toList());
            List<String> originals = letters.stream().map(r -> new String(TopologyFixture.bytes(
                    r.value().getOriginalValue()), StandardCharsets.UTF_8)).toList();
            assertEquals(new ArrayList<>(bad.keySet()), originals);
            for (TestRecord<byte[], DeadLetter> letter : letters) {
                assertEquals(TOPIC, letter.value().getSourceTopic());
                assertArrayEquals(utf8("order-x"), TopologyFixture.bytes(letter.value().getOriginalKey()));
            }
            assertTrue(letters.get(0).value().getDetail().contains("'/created_at'"), letters.get(0).value()
                    .getDetail());
            assertTrue(letters.get(1).value().getDetail().contains("/line_items/0/quantity"), letters.get(1).value()
                    .getDetail());
            assertEquals(bad.size(), fx.counters.deadLetters());

            List<TestRecord<String, InvoiceEvent>> translated = invoices.readRecordsToList();
            assertEquals(List.of("12680", "12680"), translated.stream().map(TestRecord::key).toList());
            InvoiceEvent first = translated.getFirst().value();
            assertEquals("5001", first.getInvoiceNo());
            assertEquals("France", first.getCountry());
            assertEquals("shop", first.getSource());
            assertEquals(java.time.Instant.parse("2011-12-09T11:50:00Z"), first.getInvoiceTime());
            assertEquals(new java.math.BigDecimal("4.9500"), first.getLines().getFirst().getUnitPrice());
            assertEquals("BAKING SET", first.getLines().getFirst().getDescription());

            CustomerFeatures last = fx.features.readKeyValuesToMap().get("12680");
            assertEquals(2, last.getFrequency());
            assertEquals(2 * 3 * 4.95, last.getMonetary(), 1e-9);
        }
    }
}
