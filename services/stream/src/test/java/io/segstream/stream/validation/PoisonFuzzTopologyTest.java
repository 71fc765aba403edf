package io.segstream.stream.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.DeadLetter;
import io.segstream.avro.InvoiceEvent;
import io.segstream.avro.InvoiceLine;
import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.core.cleaning.ReturnPolicy;
import io.segstream.stream.deadletter.DeadLetterLimits;
import io.segstream.stream.features.AgingSchedule;
import io.segstream.stream.testing.HostileInvoices;
import io.segstream.stream.testing.HostileInvoices.Poison;
import io.segstream.stream.testing.TopologyFixture;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * 10,000 seeded malformed records mixed into a valid replay on both invoice topics: every one reaches the
 * dead-letter topic with the expected reason and its original bytes, every valid invoice is applied (features equal
 * sums computed here), and nothing stops the topology. Every reason a record can earn is drawn;
 * {@code REGISTRY_UNAVAILABLE} is no longer one (an outage waits instead).
 */
class PoisonFuzzTopologyTest {

    private static final int POISON = 10_000;
    private static final int VALID = 3_000;
    private static final int CUSTOMERS = 200;
    private static final Instant T0 = Instant.parse("2011-03-01T00:00:00Z");
    /** Cleaning bounds below the intake's, so that values between the two are INVALID_VALUES. */
    private static final CleaningPolicy POLICY = new CleaningPolicy(ReturnPolicy.SUBTRACT, true, false, true, 100_000,
            CleaningPolicy.DEFAULT_MAX_ABS_UNIT_PRICE_E4);
    private TopologyFixture fx;

    @AfterEach
    void stop() {
        fx.close();
    }


    @Test
    void givenTenThousandMalformedRecordsInAValidReplay_whenProcessed_thenEachIsADeadLetterAndValidOnesAreExact() {
        fx = new TopologyFixture(POLICY, AgingSchedule.NONE, 100);
        Random random = new Random(20_261_201L);
        List<Function<Long, Poison>> kinds = new HostileInvoices(random,
                e -> fx.invoiceSerde.serializer().serialize(TopologyFixture.INVOICES, e)).kinds();
        Map<String, long[]> expectedCount = new HashMap<>();
        Map<String, BigDecimal> expectedMoney = new HashMap<>();
        Map<Long, Poison> avroByOffset = new HashMap<>();
        Map<Long, Poison> jsonByOffset = new HashMap<>();
        long avroOffset = 0;
        long jsonOffset = 0;
        int poisonSent = 0;
        int validSent = 0;
        long time = T0.toEpochMilli();
        while (poisonSent < POISON || validSent < VALID) {
            time += 60_000;
            // The first record is valid, so that stream time exists for the checks relative to it.
            boolean sendValid = validSent == 0
                    || validSent < VALID && (poisonSent >= POISON || random.nextInt(13) < 4);
            if (sendValid) {
                String customer = "c" + random.nextInt(CUSTOMERS);
                int quantity = 1 + random.nextInt(20);
                String price = BigDecimal.valueOf(1 + random.nextInt(5_000), 2).toPlainString();
                InvoiceEvent event = TopologyFixture.invoice("v" + validSent, customer,
                        Instant.ofEpochMilli(time).toString(), "P" + random.nextInt(50), quantity, price);
                fx.send(event);
                avroOffset++;
                expectedCount.computeIfAbsent(customer, k -> new long[1])[0]++;
                expectedMoney.merge(customer, new BigDecimal(price).multiply(BigDecimal.valueOf(quantity)),
                        BigDecimal::add);
                validSent++;
            } else {
                Poison p = kinds.get(random.nextInt(kinds.size())).apply(time);
                (p.json() ? fx.invoicesJson : fx.invoices).pipeInput(new TestRecord<>(p.key(), p.value(),
                        Instant.ofEpochMilli(time)));
                if (p.json()) {
                    jsonByOffset.put(jsonOffset++, p);
                } else {
                    avroByOffset.put(avroOffset++, p);
                }
                poisonSent++;
            }
        }

        List<DeadLetter> letters = fx.deadLetters.readValuesToList();
        assertEquals(POISON, letters.size());
        Map<RejectReason, Integer> reasons = new EnumMap<>(RejectReason.class);
        for (DeadLetter letter : letters) {
            Poison p = (letter.getSourceTopic().equals(TopologyFixture.INVOICES_JSON) ? jsonByOffset : avroByOffset)
                    .get(letter.getOffset());
            assertEquals(p.reason().name(), letter.getReason(), letter.getDetail());
            byte[] kept = TopologyFixture.bytes(letter.getOriginalValue());
            if (p.value() != null && p.value().length > DeadLetterLimits.DEFAULT.maxValueBytes()) {
                // Clipped, so that the dead letter itself can always be written: the start, the length, the hash.
                assertArrayEquals(Arrays.copyOf(p.value(), DeadLetterLimits.DEFAULT.maxValueBytes()), kept);
                assertEquals(p.value().length, letter.getOriginalLength());
                assertArrayEquals(sha256(p.value()), TopologyFixture.bytes(letter.getOriginalSha256()));
            } else {
                assertArrayEquals(p.value(), kept, letter.getDetail());
                assertEquals(null, letter.getOriginalLength());
            }
            assertTrue(letter.getDetail().length() <= DeadLetterLimits.DEFAULT.maxDetailChars(), letter.getDetail());
            assertArrayEquals(p.key(), TopologyFixture.bytes(letter.getOriginalKey()));
            reasons.merge(p.reason(), 1, Integer::sum);
        }
        // The net's own reasons are drawn by DeadLetterNetTopologyTest: no check lets such a record through here.
        assertEquals(EnumSet.complementOf(EnumSet.of(RejectReason.REGISTRY_UNAVAILABLE, RejectReason.PROCESSING_ERROR,
                RejectReason.OUTPUT_FAILED)), reasons.keySet(), "every reason drawn: " + reasons);
        Map<String, CustomerFeatures> latest = new HashMap<>();
        fx.features.readKeyValuesToList().forEach(kv -> latest.put(kv.key, kv.value));
        assertEquals(expectedCount.keySet(), latest.keySet());
        for (var e : expectedCount.entrySet()) {
            CustomerFeatures f = latest.get(e.getKey());
            assertEquals(e.getValue()[0], f.getFrequency(), e.getKey());
            assertEquals(expectedMoney.get(e.getKey()).doubleValue(), f.getMonetary(), 1e-6, e.getKey());
        }
        assertEquals(POISON, fx.counters.deadLetters());
        assertEquals(POISON + VALID, fx.counters.inputs());
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
