package io.segstream.stream.deadletter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.DeadLetter;
import io.segstream.avro.InvoiceEvent;
import io.segstream.avro.InvoiceLine;
import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.core.cleaning.ReturnPolicy;
import io.segstream.platform.serde.AvroSerdeConfig;
import io.segstream.platform.serde.SpecificAvroSerde;
import io.segstream.stream.features.AgingSchedule;
import io.segstream.stream.testing.SharedRegistry;
import io.segstream.stream.testing.TopologyFixture;
import io.segstream.stream.validation.InvoiceBounds;
import io.segstream.stream.validation.RejectReason;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The safety net under the processors, through a code path no check guards: with the invoice-total bound set to
 * its maximum, a customer's lifetime sum overflows 64-bit fixed point inside the feature state. That record is a
 * dead letter naming the exception and the processor, and everything else goes on, the same customer included. The
 * net's dead letters are clipped at the settings like the intake's.
 */
class DeadLetterNetTopologyTest {

    /** The intake's bounds with the invoice-total bound at its maximum, so that the state can overflow. */
    private static final InvoiceBounds WIDEST = new InvoiceBounds(1_000_000, 1_000_000.0, 86_400_000L,
            3_653L * 86_400_000L, 1_000, 10_000, Long.MAX_VALUE, 0L);
    private static final CleaningPolicy POLICY = new CleaningPolicy(ReturnPolicy.SUBTRACT, true, false, true,
            1_000_000, CleaningPolicy.DEFAULT_MAX_ABS_UNIT_PRICE_E4);
    /** The detail the net gives the overflow. */
    private static final String OVERFLOW = "java.lang.ArithmeticException in processor 'features': long overflow";

    private TopologyFixture fx;

    @AfterEach
    void stop() {
        fx.close();
    }

    /** 500 lines of 1,000,000 x 1,000,000.0000: 5 x 10^14 in one invoice, 5 x 10^18 in E4 units. */
    private static InvoiceEvent huge(String invoiceNo, String customer, String time) {
        List<InvoiceLine> lines = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            lines.add(InvoiceLine.newBuilder().setStockCode("H" + i).setDescription(null).setQuantity(1_000_000)
                    .setUnitPrice(new BigDecimal("1000000.0000")).build());
        }
        return InvoiceEvent.newBuilder(TopologyFixture.invoice(invoiceNo, customer, time, "A", 1, "1.00"))
                .setLines(lines).build();
    }

    @Test
    void givenAnOverflowInTheFeatureState_whenProcessed_thenADeadLetterAndTheRestGoesOn() {
        fx = new TopologyFixture(POLICY, AgingSchedule.NONE, WIDEST);
        fx.send(huge("1", "whale", "2011-03-01T10:00:00Z"));
        InvoiceEvent overflowing = huge("2", "whale", "2011-03-01T11:00:00Z");
        fx.send(overflowing);
        fx.send(TopologyFixture.invoice("3", "minnow", "2011-03-01T12:00:00Z", "A", 2, "1.50"));
        fx.send(TopologyFixture.invoice("4", "whale", "2011-03-01T13:00:00Z", "A", 1, "1.00"));

        List<DeadLetter> letters = fx.deadLetters.readValuesToList();
        assertEquals(1, letters.size());
        DeadLetter letter = letters.getFirst();
        assertEquals(RejectReason.PROCESSING_ERROR.name(), letter.getReason());
        assertTrue(letter.getDetail().startsWith("java.lang.ArithmeticException in processor 'features'"),
                letter.getDetail());
        assertEquals(TopologyFixture.INVOICES, letter.getSourceTopic());
        assertEquals(1L, letter.getOffset());
        assertArrayEquals(fx.invoiceSerde.serializer().serialize(TopologyFixture.INVOICES, overflowing),
                TopologyFixture.bytes(letter.getOriginalValue()));
        assertEquals(1, fx.counters.rejected(RejectReason.PROCESSING_ERROR));

        List<CustomerFeatures> features = fx.features.readValuesToList();
        assertEquals(List.of("whale", "minnow", "whale"), features.stream().map(CustomerFeatures::getCustomerId)
                .toList());
        assertEquals(3.0, features.get(1).getMonetary(), 1e-9);
        CustomerFeatures whale = features.get(2);
        assertEquals(2, whale.getFrequency(), "the overflowing invoice was not applied");
        assertEquals(5e14 + 1.0, whale.getMonetary(), 1.0);
        assertEquals(Instant.parse("2011-03-01T13:00:00Z"), whale.getLastPurchase());
    }

    @ParameterizedTest(name = "limits {0} below the overflow's detail and value")
    @ValueSource(ints = {0, 1})
    void givenLimitsAtAndOneBelowTheSizesOfTheOverflow_whenTheNetDeadLettersIt_thenWholeAtThemClippedPastThem(
            int below) throws NoSuchAlgorithmException {
        InvoiceEvent overflowing = huge("2", "whale", "2011-03-01T11:00:00Z");
        byte[] value = SpecificAvroSerde.create(InvoiceEvent.class, AvroSerdeConfig.forValues(SharedRegistry.url()))
                .serializer().serialize(TopologyFixture.INVOICES, overflowing);
        DeadLetterLimits limits = new DeadLetterLimits(OVERFLOW.length() - below, value.length - below);
        fx = new TopologyFixture(POLICY, AgingSchedule.NONE, WIDEST, List.of(), limits);
        fx.send(huge("1", "whale", "2011-03-01T10:00:00Z"));
        fx.send(overflowing);

        List<TestRecord<byte[], DeadLetter>> records = fx.deadLetters.readRecordsToList();

        assertEquals(1, records.size());
        DeadLetter letter = records.getFirst().value();
        assertEquals(RejectReason.PROCESSING_ERROR.name(), letter.getReason());
        byte[] kept = TopologyFixture.bytes(letter.getOriginalValue());
        var clippedHeader = records.getFirst().headers().lastHeader(DeadLetters.HEADER_ORIGINAL_LENGTH);
        if (below == 0) {
            assertEquals(OVERFLOW, letter.getDetail(), "a detail of exactly the limit is kept whole");
            assertArrayEquals(value, kept, "a value of exactly the limit is kept whole");
            assertNull(letter.getOriginalLength());
            assertNull(letter.getOriginalSha256());
            assertNull(clippedHeader);
        } else {
            assertEquals(OVERFLOW.substring(0, limits.maxDetailChars() - 20) + "... (" + OVERFLOW.length()
                    + " chars)", letter.getDetail(), "one past the limit: its start and its length");
            assertTrue(letter.getDetail().length() <= limits.maxDetailChars(), letter.getDetail());
            assertArrayEquals(Arrays.copyOf(value, limits.maxValueBytes()), kept, "one past the limit: its start");
            assertEquals((long) value.length, letter.getOriginalLength());
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(value),
                    TopologyFixture.bytes(letter.getOriginalSha256()));
            assertEquals(String.valueOf(value.length), new String(clippedHeader.value(), StandardCharsets.UTF_8));
        }
    }
}
