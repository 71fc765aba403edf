package io.segstream.stream.validation;

import static io.segstream.stream.testing.TopologyFixture.invoice;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import io.segstream.avro.DeadLetter;
import io.segstream.avro.InvoiceEvent;
import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.core.cleaning.Outcome;
import io.segstream.stream.deadletter.DeadLetterLimits;
import io.segstream.stream.deadletter.DeadLetters;
import io.segstream.stream.features.AgingSchedule;
import io.segstream.stream.testing.ShopOrders;
import io.segstream.stream.testing.TopologyFixture;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad input among good ones: each bad one is a dead letter with its reason, each good one counts. And
 * what a dead letter keeps of a record follows the settings ({@code segstream.dead-letters.*}), at the bound and one
 * past it, on every input that dead-letters.
 */
class DeadLetterTopologyTest {

    private static final Instant T = Instant.parse("2011-06-01T10:00:00Z");
    /** Limits far below the defaults: 100 chars of detail, 1,000 bytes of value. */
    private static final DeadLetterLimits SMALL = new DeadLetterLimits(100, 1_000);
    private static final String SHOP_ORDERS = "shop-orders";
    private TopologyFixture fx;

    @BeforeEach
    void start() {
        fx = new TopologyFixture(CleaningPolicy.defaults(), AgingSchedule.DEFAULT);
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private record Bad(RejectReason reason, boolean json, String key, byte[] value) {
    }

    private byte[] avro(InvoiceEvent event) {
        return fx.invoiceSerde.serializer().serialize(TopologyFixture.INVOICES, event);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private List<Bad> badInputs() {
        byte[] random = new byte[64];
        new Random(42).nextBytes(random);
        random[0] = 7;
        byte[] good = avro(invoice("9", "c1", "2011-06-01T09:00:00Z", "A", 1, "1.00"));
        byte[] unknownId = good.clone();
        ByteBuffer.wrap(unknownId).putInt(1, 987_654);
        byte[] truncated = Arrays.copyOf(good, 8);
        return List.of(
                new Bad(RejectReason.UNDECODABLE, false, "c1", random),
                new Bad(RejectReason.UNKNOWN_SCHEMA_ID, false, "c1", unknownId),
                new Bad(RejectReason.UNDECODABLE, false, "c1", truncated),
                new Bad(RejectReason.NULL_VALUE, false, "c1", null),
                new Bad(RejectReason.UNDECODABLE, true, "c1", utf8("{not json")),
                new Bad(RejectReason.MISSING_FIELD, true, "c1", utf8("{\"invoiceNo\":\"5\",\"lines\":[]}")),
                new Bad(RejectReason.KEY_MISMATCH, false, "someone-else",
                        avro(invoice("10", "c1", "2011-06-01T09:00:00Z", "A", 1, "1.00"))),
                new Bad(RejectReason.EMPTY_INVOICE, false, "c1", avro(invoice("11", "c1", "2011-06-01T09:00:00Z"))),
                new Bad(RejectReason.QUANTITY_OUT_OF_BOUNDS, false, "c1",
                        avro(invoice("12", "c1", "2011-06-01T09:00:00Z", "A", 5_000_000, "1.00"))),
                new Bad(RejectReason.PRICE_OUT_OF_BOUNDS, false, "c1",
                        avro(invoice("13", "c1", "2011-06-01T09:00:00Z", "A", 1, "2000000.00"))),
                // Beyond the wall clock plus the skew (stream time follows the invoices, so "ahead of stream time"
                // alone is no longer a reason: a shop closed for a week is not a future).
                new Bad(RejectReason.FUTURE_TIME, false, "c1",
                        avro(invoice("14", "c1", "2100-06-01T09:00:00Z", "A", 1, "1.00"))),
                new Bad(RejectReason.MISSING_FIELD, false, "c1",
                        avro(invoice("15", "c1", "2011-06-01T09:00:00Z", " ", 1, "1.00"))));
    }

    @Test
    void givenTwelveKindsOfBadInputAmongGoodOnes_whenProcessed_thenEachBadOneIsADeadLetterAndGoodOnesCount() {
        List<Bad> bad = badInputs();
        int good = 0;
        fx.send(invoice("1", "c1", T.toString(), "A", 1, "1.00"));
        good++;
        for (int i = 0; i < bad.size(); i++) {
            Bad b = bad.get(i);
            var topic = b.json() ? fx.invoicesJson : fx.invoices;
            topic.pipeInput(new TestRecord<>(utf8(b.key()), b.value(), T.plusSeconds(i)));
            fx.send(invoice("g" + i, "c" + (i % 3), T.plusSeconds(i).toString(), "P" + i, 2, "3.50"));
            good++;
        }
        fx.invoicesJson.pipeInput(utf8("c7"), utf8("""
                {"invoiceNo":"j1","customerId":"c7","invoiceTime":"2011-06-01T11:00:00Z",
                 "lines":[{"stockCode":"X","quantity":1,"unitPrice":"9.99"}]}"""), T.plusSeconds(3600));
        good++;

        List<TestRecord<byte[], DeadLetter>> letters = fx.deadLetters.readRecordsToList();

        assertEquals(bad.size(), letters.size());
        Map<String, Integer> expectedReasons = new TreeMap<>();
        Map<String, Integer> actualReasons = new TreeMap<>();
        for (int i = 0; i < bad.size(); i++) {
            Bad b = bad.get(i);
            DeadLetter letter = letters.get(i).value();
            expectedReasons.merge(b.reason().name(), 1, Integer::sum);
            actualReasons.merge(letter.getReason(), 1, Integer::sum);
            assertEquals(b.reason().name(), letter.getReason(), letter.getDetail());
            assertEquals(b.json() ? TopologyFixture.INVOICES_JSON : TopologyFixture.INVOICES, letter.getSourceTopic());
            assertArrayEquals(b.value(), TopologyFixture.bytes(letter.getOriginalValue()));
            assertArrayEquals(utf8(b.key()), TopologyFixture.bytes(letter.getOriginalKey()));
            assertEquals(b.reason().name(), header(letters.get(i), DeadLetters.HEADER_REASON));
            assertEquals(String.valueOf(letter.getOffset()), header(letters.get(i), DeadLetters.HEADER_OFFSET));
        }
        assertEquals(expectedReasons, actualReasons);
        assertEquals(good, fx.counters.outcome(Outcome.ACCEPTED));
        assertEquals(bad.size(), fx.counters.deadLetters());
        assertEquals(good + bad.size(), fx.counters.inputs());
        assertEquals(List.of("c0", "c1", "c2", "c7"), customersWithFeatures());
    }

    /** Replaces the fixture with one whose dead letters are clipped at {@code limits}. */
    private void clippedAt(DeadLetterLimits limits) {
        fx.close();
        fx = new TopologyFixture(CleaningPolicy.defaults(), AgingSchedule.DEFAULT, InvoiceBounds.DEFAULT,
                List.of(ShopOrders.mapping(SHOP_ORDERS)), limits);
    }

    /** {@code length} bytes no decoder takes: not the Avro magic byte, not JSON. */
    private static byte[] undecodable(int length) {
        byte[] value = new byte[length];
        new Random(length).nextBytes(value);
        value[0] = 7;
        return value;
    }

    @Test
    void givenDetailsAtAndOnePastTheDetailLimit_whenDeadLettered_thenTheOneAtItIsWholeAndTheOnePastIsClipped() {
        clippedAt(SMALL);
        // An invoice without lines is refused with "invoice <invoiceNo> has no lines": 21 chars and the number.
        String atLimit = "invoice " + "7".repeat(79) + " has no lines";
        String pastLimit = "invoice " + "7".repeat(80) + " has no lines";
        assertEquals(SMALL.maxDetailChars(), atLimit.length());
        fx.send(invoice("7".repeat(79), "c1", T.toString()));
        fx.send(invoice("7".repeat(80), "c1", T.toString()));

        List<DeadLetter> letters = fx.deadLetters.readValuesToList();

        assertEquals(List.of(RejectReason.EMPTY_INVOICE.name(), RejectReason.EMPTY_INVOICE.name()),
                letters.stream().map(DeadLetter::getReason).toList());
        assertEquals(atLimit, letters.get(0).getDetail(), "exactly the limit: kept whole");
        String clipped = letters.get(1).getDetail();
        assertEquals(pastLimit.substring(0, 80) + "... (101 chars)", clipped, "one past: its start and its length");
        assertTrue(clipped.length() <= SMALL.maxDetailChars(), clipped);
    }

    @Test
    void givenValuesAtAndOnePastTheValueLimit_whenDeadLettered_thenTheOneAtItIsWholeAndTheOnePastIsClippedAndHashed()
            throws NoSuchAlgorithmException {
        clippedAt(SMALL);
        byte[] atLimit = undecodable(SMALL.maxValueBytes());
        byte[] pastLimit = undecodable(SMALL.maxValueBytes() + 1);
        fx.invoices.pipeInput(new TestRecord<>(utf8("c1"), atLimit, T));
        fx.invoices.pipeInput(new TestRecord<>(utf8("c1"), pastLimit, T));

        List<TestRecord<byte[], DeadLetter>> letters = fx.deadLetters.readRecordsToList();

        assertEquals(2, letters.size());
        DeadLetter whole = letters.get(0).value();
        assertEquals(RejectReason.UNDECODABLE.name(), whole.getReason(), whole.getDetail());
        assertArrayEquals(atLimit, TopologyFixture.bytes(whole.getOriginalValue()), "exactly the limit: kept whole");
        assertNull(whole.getOriginalLength());
        assertNull(whole.getOriginalSha256());
        assertNull(letters.get(0).headers().lastHeader(DeadLetters.HEADER_ORIGINAL_LENGTH));
        DeadLetter clipped = letters.get(1).value();
        assertEquals(RejectReason.UNDECODABLE.name(), clipped.getReason(), clipped.getDetail());
        assertArrayEquals(Arrays.copyOf(pastLimit, SMALL.maxValueBytes()),
                TopologyFixture.bytes(clipped.getOriginalValue()), "one past: its first bytes");
        assertEquals(SMALL.maxValueBytes() + 1L, clipped.getOriginalLength());
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(pastLimit),
                TopologyFixture.bytes(clipped.getOriginalSha256()));
        assertEquals(String.valueOf(SMALL.maxValueBytes() + 1),
                header(letters.get(1), DeadLetters.HEADER_ORIGINAL_LENGTH));
    }

    @Test
    void givenAValueOnePastTheLimitOnEveryInput_whenDeadLettered_thenEachIntakeClipsAtTheSetting() {
        clippedAt(SMALL);
        int past = SMALL.maxValueBytes() + 1;
        fx.invoices.pipeInput(new TestRecord<>(utf8("c1"), undecodable(past), T));
        fx.invoicesJson.pipeInput(new TestRecord<>(utf8("c1"), undecodable(past), T));
        fx.jsonTopic(TopologyFixture.ERASURES).pipeInput(new TestRecord<>(utf8("c1"), undecodable(past), T));
        fx.jsonTopic(SHOP_ORDERS).pipeInput(new TestRecord<>(utf8("order-1"), undecodable(past), T));

        List<DeadLetter> letters = fx.deadLetters.readValuesToList();

        assertEquals(List.of(TopologyFixture.INVOICES, TopologyFixture.INVOICES_JSON, TopologyFixture.ERASURES,
                SHOP_ORDERS), letters.stream().map(DeadLetter::getSourceTopic).toList());
        for (DeadLetter letter : letters) {
            assertEquals(SMALL.maxValueBytes(), letter.getOriginalValue().remaining(), letter.getSourceTopic());
            assertEquals((long) past, letter.getOriginalLength(), letter.getSourceTopic());
            assertTrue(letter.getDetail().length() <= SMALL.maxDetailChars(), letter.getDetail());
        }
    }

    private List<String> customersWithFeatures() {
        List<String> keys = new ArrayList<>();
        fx.features.readKeyValuesToList().forEach(kv -> {
            if (!keys.contains(kv.key)) {
                keys.add(kv.key);
            }
        });
        keys.sort(String::compareTo);
        return keys;
    }

    private static String header(TestRecord<byte[], DeadLetter> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
