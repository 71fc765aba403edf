package io.segstream.stream.validation;

import static io.segstream.stream.testing.TopologyFixture.invoice;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
import io.segstream.stream.deadletter.DeadLetters;
import io.segstream.stream.features.AgingSchedule;
import io.segstream.stream.testing.TopologyFixture;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every kind of bad input among good ones: each bad one is a dead letter with its reason, each good one counts. */
class DeadLetterTopologyTest {

    private static final Instant T = Instant.parse("2011-06-01T10:00:00Z");
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
