package io.segstream.stream.testing;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segstream.stream.validation.JsonInvoiceMapping;
import io.segstream.testing.TestData;

/**
 * The Online Retail invoices as a shop platform's order webhook would carry them (Shopify's order shape): the
 * number as {@code name} beside a numeric {@code id}, the customer nested with a numeric id ({@code null} for a guest
 * checkout), {@code created_at} in the shop's zone with its offset, prices as strings, and fields segstream does not
 * read (email, totals, tax lines, addresses). Built from the shipped file's rows read by {@link TestData}, not by
 * segstream's reader; an invoice's rows become one order dated by its first row.
 */
public final class ShopOrders {

    /** The shop's zone: every time carries +01:00 or +02:00, never Z. */
    public static final ZoneId SHOP_ZONE = ZoneId.of("Europe/Paris");
    private static final DateTimeFormatter CSV_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ShopOrders() {
    }

    /** The mapping of these orders, as the settings {@code segstream.json-topics.shop.*} would give it. */
    public static JsonInvoiceMapping mapping(String topic) {
        return JsonInvoiceMapping.parse("shop", Map.of(
                "topic", topic,
                "invoice", "/name",
                "customer", "/customer/id",
                "time", "/created_at",
                "country", "/billing_address/country",
                "product", "/line_items/*/sku",
                "quantity", "/line_items/*/quantity",
                "price", "/line_items/*/price",
                "description", "/line_items/*/title"));
    }

    /** Every invoice of the shipped file as one order, in the file's order of first appearance. */
    public static List<ObjectNode> fromOnlineRetail() {
        Map<String, List<String[]>> byInvoice = new LinkedHashMap<>();
        for (String[] row : TestData.rawRows()) {
            byInvoice.computeIfAbsent(row[0], k -> new ArrayList<>()).add(row);
        }
        List<ObjectNode> orders = new ArrayList<>(byInvoice.size());
        long id = 450_789_469_000L;
        for (List<String[]> rows : byInvoice.values()) {
            orders.add(order(id++, rows));
        }
        return orders;
    }

    /** The JSON bytes of an order. */
    public static byte[] bytes(ObjectNode order) {
        try {
            return JSON.writeValueAsBytes(order);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode order(long id, List<String[]> rows) {
        String[] first = rows.getFirst();
        ObjectNode order = NODES.objectNode();
        order.put("id", id);
        order.put("name", first[0]);
        order.put("email", "");
        order.put("created_at", LocalDateTime.parse(first[4], CSV_TIME).atOffset(ZoneOffset.UTC)
                .atZoneSameInstant(SHOP_ZONE).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        order.put("currency", "GBP");
        order.put("financial_status", "paid");
        ObjectNode customer = null;
        if (!first[6].isEmpty()) {
            customer = NODES.objectNode();
            String number = first[6].endsWith(".0") ? first[6].substring(0, first[6].length() - 2) : first[6];
            customer.put("id", Long.parseLong(number));
            customer.put("orders_count", 1);
            customer.putObject("default_address").put("country", first[7]);
        }
        order.set("customer", customer == null ? NODES.nullNode() : customer);
        order.putObject("billing_address").put("country", first[7]).put("zip", "");
        ArrayNode items = order.putArray("line_items");
        long itemId = id * 1_000;
        for (String[] row : rows) {
            ObjectNode item = items.addObject();
            item.put("id", itemId++);
            item.put("sku", row[1]);
            item.put("title", row[2]);
            item.put("quantity", Integer.parseInt(row[3]));
            item.put("price", row[5]);
            item.put("requires_shipping", true);
            item.putArray("tax_lines").addObject().put("title", "VAT").put("price", "0.00").put("rate", 0.2);
        }
        order.put("total_price", "0.00");
        return order;
    }
}
