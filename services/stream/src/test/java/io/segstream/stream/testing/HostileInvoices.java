package io.segstream.stream.testing;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import io.segstream.avro.InvoiceEvent;
import io.segstream.avro.InvoiceLine;
import io.segstream.stream.validation.InvoiceBounds;
import io.segstream.stream.validation.RejectReason;

/**
 * Seeded hostile invoice records, each with the reason the intake must give it: malformed bytes, values beyond every
 * bound, well-formed values that would break arithmetic or memory. Shared by the topology fuzz test and the fuzz
 * test through a real broker.
 */
public final class HostileInvoices {

    /** One hostile record: the reason it must earn, whether it goes to the JSON topic, its key and value. */
    public record Poison(RejectReason reason, boolean json, byte[] key, byte[] value) {
    }

    private static final Instant T0 = Instant.parse("2011-03-01T00:00:00Z");
    private final Random random;
    private final Function<InvoiceEvent, byte[]> avro;

    /** @param avro encodes an invoice in the Confluent wire format */
    public HostileInvoices(Random random, Function<InvoiceEvent, byte[]> avro) {
        this.random = random;
        this.avro = avro;
    }

    /** Every kind, as a function of the time of the valid invoices around it. */
    public List<Function<Long, Poison>> kinds() {
        return kinds(random);
    }

    private List<Function<Long, Poison>> kinds(Random random) {
        List<Function<Long, Poison>> kinds = new ArrayList<>();
        byte[] template = avro(TopologyFixture.invoice("t", "c1", T0.toString(), "A", 1, "1.00"));
        // Random bytes after a zero magic byte: an id the registry never issued.
        kinds.add(t -> {
            byte[] v = new byte[5 + random.nextInt(200)];
            random.nextBytes(v);
            v[0] = 0;
            ByteBuffer.wrap(v).putInt(1, 1_000_000 + random.nextInt(1_000_000));
            return new Poison(RejectReason.UNKNOWN_SCHEMA_ID, false, utf8("c1"), v);
        });
        // Truncated Avro of a valid invoice.
        kinds.add(t -> {
            byte[] good = avro(valid("tr", "c1", t));
            return new Poison(RejectReason.UNDECODABLE, false, utf8("c1"),
                    Arrays.copyOf(good, 6 + random.nextInt(good.length - 7)));
        });
        // A wrong magic byte.
        kinds.add(t -> {
            byte[] v = template.clone();
            v[0] = (byte) (1 + random.nextInt(255));
            return new Poison(RejectReason.UNDECODABLE, false, utf8("c1"), v);
        });
        kinds.add(t -> new Poison(RejectReason.NULL_VALUE, random.nextBoolean(), utf8("c1"), null));
        // A blank invoice number or stock code (null in a required field is not encodable in Avro).
        kinds.add(t -> new Poison(RejectReason.MISSING_FIELD, false, utf8("c2"),
                avro(random.nextBoolean() ? valid(" ", "c2", t) : invoice("m", "c2", t, " ", 1, "1.00"))));
        kinds.add(t -> new Poison(RejectReason.EMPTY_INVOICE, false, utf8("c3"), avro(TopologyFixture.invoice(
                "e", "c3", Instant.ofEpochMilli(t).toString()))));
        // A key that is not the customer, including invalid UTF-8 in the key.
        kinds.add(t -> {
            byte[] key = random.nextBoolean() ? utf8("someone-else") : new byte[] {(byte) 0xC3, (byte) 0x28};
            return new Poison(RejectReason.KEY_MISMATCH, false, key, avro(valid("k", "c4", t)));
        });
        kinds.add(t -> new Poison(RejectReason.QUANTITY_OUT_OF_BOUNDS, false, utf8("c5"),
                avro(invoice("q", "c5", t, "A", (random.nextBoolean() ? 1 : -1) * (1_000_001 + random.nextInt(
                        Integer.MAX_VALUE - 1_000_001)), "1.00"))));
        kinds.add(t -> new Poison(RejectReason.PRICE_OUT_OF_BOUNDS, false, utf8("c6"),
                avro(invoice("p", "c6", t, "A", 1, (random.nextBoolean() ? "" : "-") + "99999999999999.9999"))));
        // Beyond the wall clock plus the skew: tomorrow's tomorrow, the year 2100, the end of a long.
        kinds.add(t -> new Poison(RejectReason.FUTURE_TIME, false, utf8("c7"), avro(invoice("f", "c7",
                switch (random.nextInt(3)) {
                    case 0 -> System.currentTimeMillis() + 2L * 86_400_000 + random.nextInt(1_000_000_000);
                    case 1 -> Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();
                    default -> Long.MAX_VALUE - random.nextInt(1_000);
                }, "A", 1, "1.00"))));
        // Legal ISO-8601 instants beyond epoch milliseconds (the year 300,000,000), and integers beyond a long.
        kinds.add(t -> new Poison(RejectReason.FUTURE_TIME, true, utf8("c7"), utf8("{\"invoiceNo\":\"jf\","
                + "\"customerId\":\"c7\",\"invoiceTime\":" + (random.nextBoolean() ? "\"+300000000-01-01T00:00:00Z\""
                : "9" + "0".repeat(19 + random.nextInt(40))) + ",\"lines\":[{\"stockCode\":\"A\",\"quantity\":1,"
                + "\"unitPrice\":\"1.00\"}]}")));
        // A price whose exponent would take the heap if it were expanded.
        kinds.add(t -> new Poison(RejectReason.PRICE_OUT_OF_BOUNDS, true, utf8("c6"), utf8("{\"invoiceNo\":\"jp\","
                + "\"customerId\":\"c6\",\"invoiceTime\":\"" + Instant.ofEpochMilli(t) + "\",\"lines\":"
                + "[{\"stockCode\":\"A\",\"quantity\":1,\"unitPrice\":1e" + (20 + random.nextInt(999_999_000))
                + "}]}")));
        // More lines than an invoice may have, and a total beyond the bound from lines each inside theirs.
        kinds.add(t -> new Poison(RejectReason.TOO_MANY_LINES, false, utf8("c14"), avro(lines("tl", "c14", t,
                InvoiceBounds.DEFAULT.maxLines() + 1 + random.nextInt(100), 1))));
        kinds.add(t -> new Poison(RejectReason.AMOUNT_OUT_OF_BOUNDS, false, utf8("c15"), avro(lines("ta", "c15", t,
                1_001 + random.nextInt(100), 1_000_000))));
        // Within the intake's bounds but beyond the cleaning policy's.
        kinds.add(t -> new Poison(RejectReason.INVALID_VALUES, false, utf8("c8"),
                avro(invoice("iv", "c8", t, "A", 100_001 + random.nextInt(800_000), "1.00"))));
        // Far in the past: before 1970, or more than ten years behind stream time.
        kinds.add(t -> new Poison(RejectReason.PAST_TIME, false, utf8("c10"), avro(invoice("old", "c10",
                random.nextBoolean() ? -1 - random.nextLong(62_000_000_000_000L)
                        : t - 3_654L * 86_400_000 - random.nextLong(3_000_000_000_000L), "A", 1, "1.00"))));
        // Huge texts: a description of up to 1 MB, or a customer id of thousands of chars (its key matches).
        kinds.add(t -> {
            if (random.nextBoolean()) {
                String huge = "c" + "9".repeat(1_000 + random.nextInt(3_000));
                return new Poison(RejectReason.FIELD_TOO_LONG, false, utf8(huge), avro(valid("h", huge, t)));
            }
            InvoiceEvent plain = valid("d", "c11", t);
            InvoiceEvent event = InvoiceEvent.newBuilder(plain).setLines(List.of(InvoiceLine.newBuilder(
                    plain.getLines().getFirst()).setDescription("x".repeat(longText(random))).build())).build();
            return new Poison(RejectReason.FIELD_TOO_LONG, false, utf8("c11"), avro(event));
        });
        kinds.add(t -> new Poison(RejectReason.FIELD_TOO_LONG, true, utf8("c12"), utf8("{\"invoiceNo\":\"jd\","
                + "\"customerId\":\"c12\",\"invoiceTime\":\"" + Instant.ofEpochMilli(t) + "\",\"lines\":"
                + "[{\"stockCode\":\"A\",\"description\":\"" + "y".repeat(longText(random)) + "\","
                + "\"quantity\":1,\"unitPrice\":\"1.00\"}]}")));
        // Invalid UTF-8 inside a JSON string.
        kinds.add(t -> {
            byte[] json = utf8("{\"invoiceNo\":\"ju\",\"customerId\":\"c13\",\"invoiceTime\":\""
                    + Instant.ofEpochMilli(t) + "\",\"lines\":[{\"stockCode\":\"A@\",\"quantity\":1,"
                    + "\"unitPrice\":\"1.00\"}]}");
            int at = indexOf(json, (byte) '@');
            json[at] = (byte) 0xC3;
            json[at + 1] = (byte) 0x28;
            return new Poison(RejectReason.UNDECODABLE, true, utf8("c13"), json);
        });
        // JSON: not JSON, wrong types, missing fields.
        kinds.add(t -> new Poison(RejectReason.UNDECODABLE, true, utf8("c9"), utf8("{\"invoiceNo\": ")));
        kinds.add(t -> new Poison(RejectReason.MISSING_FIELD, true, utf8("c9"), utf8("{\"invoiceNo\":\"j\","
                + "\"customerId\":\"c9\",\"invoiceTime\":\"2011-03-01T00:00:00Z\",\"lines\":\"not a list\"}")));
        kinds.add(t -> new Poison(RejectReason.MISSING_FIELD, true, utf8("c9"), utf8("{\"customerId\":\"c9\","
                + "\"invoiceTime\":\"2011-03-01T00:00:00Z\",\"lines\":[{\"stockCode\":\"A\",\"quantity\":1,"
                + "\"unitPrice\":\"1.00\"}]}")));
        return kinds;
    }

    private byte[] avro(InvoiceEvent event) {
        return avro.apply(event);
    }

    private static InvoiceEvent lines(String invoiceNo, String customer, long time, int count, int quantity) {
        List<InvoiceLine> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lines.add(InvoiceLine.newBuilder().setStockCode("L" + (i % 50)).setDescription(null).setQuantity(quantity)
                    .setUnitPrice(new BigDecimal("1.0000")).build());
        }
        return InvoiceEvent.newBuilder(valid(invoiceNo, customer, time)).setLines(lines).build();
    }

    private static InvoiceEvent valid(String invoiceNo, String customer, long time) {
        return invoice(invoiceNo, customer, time, "A", 1, "1.00");
    }

    private static InvoiceEvent invoice(String invoiceNo, String customer, long time, String code, int quantity,
                                        String price) {
        return TopologyFixture.invoice(invoiceNo, customer, Instant.ofEpochMilli(time).toString(), code, quantity,
                price);
    }

    /** Mostly a few thousand chars, one in eight a full megabyte. */
    private static int longText(Random random) {
        return random.nextInt(8) == 0 ? 1 << 20 : 1_001 + random.nextInt(3_000);
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new IllegalArgumentException("no " + (char) b);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
