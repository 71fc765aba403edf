package io.segstream.stream.deadletter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.DeadLetter;
import io.segstream.avro.InvoiceEvent;
import io.segstream.avro.InvoiceLine;
import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.core.cleaning.ReturnPolicy;
import io.segstream.stream.features.AgingSchedule;
import io.segstream.stream.testing.TopologyFixture;
import io.segstream.stream.validation.InvoiceBounds;
import io.segstream.stream.validation.RejectReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The safety net under the processors, through a code path no check guards: with the invoice-total bound set to
 * its maximum, a customer's lifetime sum overflows 64-bit fixed point inside the feature state. That record is a
 * dead letter naming the exception and the processor, and everything else goes on, the same customer included.
 */
class DeadLetterNetTopologyTest {

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
        InvoiceBounds widest = new InvoiceBounds(1_000_000, 1_000_000.0, 86_400_000L, 3_653L * 86_400_000L, 1_000,
                10_000, Long.MAX_VALUE, 0L);
        fx = new TopologyFixture(new CleaningPolicy(ReturnPolicy.SUBTRACT, true, false, true, 1_000_000,
                CleaningPolicy.DEFAULT_MAX_ABS_UNIT_PRICE_E4), AgingSchedule.NONE, widest);
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
}
