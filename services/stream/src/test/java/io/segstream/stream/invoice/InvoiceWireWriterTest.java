package io.segstream.stream.invoice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import io.segstream.avro.InvoiceEvent;
import io.segstream.ingest.TransactionReader;
import io.segstream.core.invoice.Invoice;
import io.segstream.core.invoice.InvoiceLine;
import io.segstream.platform.mapping.InvoiceMapping;
import io.segstream.platform.serde.AvroSerdeConfig;
import io.segstream.platform.serde.SpecificAvroSerde;
import io.segstream.stream.testing.Replay;
import io.segstream.stream.testing.SharedRegistry;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The producers' fast path writes exactly the bytes of the Avro serializer. */
class InvoiceWireWriterTest {

    private static final String TOPIC = "invoices";
    private static SpecificAvroSerde<InvoiceEvent> serde;

    @BeforeAll
    static void serde() {
        serde = SpecificAvroSerde.create(InvoiceEvent.class, AvroSerdeConfig.forValues(SharedRegistry.url()));
    }

    @AfterAll
    static void close() {
        serde.close();
    }

    @Test
    void givenEveryInvoiceOfOnlineRetail_whenWritten_thenTheAvroSerializersBytes() throws Exception {
        InvoiceWireWriter writer = writer();
        int compared = 0;
        try (TransactionReader invoices = TransactionReader.open(Replay.onlineRetail())) {
            for (Invoice invoice : invoices) {
                byte[] expected = serde.serializer().serialize(TOPIC, InvoiceMapping.toEvent(invoice));

                assertArrayEquals(expected, writer.write(invoice), invoice.invoiceNo());
                compared++;
            }
        }
        assertEquals(25_900, compared);
    }

    @Test
    void givenNullsEmptyLinesAndPriceEdges_whenWritten_thenTheAvroSerializersBytes() {
        InvoiceWireWriter writer = writer();
        List<Invoice> invoices = List.of(
                new Invoice("1", null, null, -1L, List.of(), null),
                new Invoice("C2", "c", "", 0L, List.of(new InvoiceLine("A", null, -3, -128),
                        new InvoiceLine("B", "é ü", 0, 127), new InvoiceLine("C", "", 1, 999_999_999_999_999_999L),
                        new InvoiceLine("D", null, Integer.MIN_VALUE, -999_999_999_999_999_999L)), "x"));
        for (Invoice invoice : invoices) {
            assertArrayEquals(serde.serializer().serialize(TOPIC, InvoiceMapping.toEvent(invoice)),
                    writer.write(invoice), invoice.invoiceNo());
        }
    }

    @Test
    void givenPriceBeyondEighteenDigits_whenWritten_thenRefusedLikeTheAvroSerializer() {
        Invoice tooBig = new Invoice("1", "c", null, 0L,
                List.of(new InvoiceLine("A", null, 1, 1_000_000_000_000_000_000L)), "x");

        assertThrows(SerializationException.class,
                () -> serde.serializer().serialize(TOPIC, InvoiceMapping.toEvent(tooBig)));
        var refused = assertThrows(SerializationException.class, () -> writer().write(tooBig));
        assertEquals("Cannot encode io.segstream.avro.InvoiceEvent for topic 'invoices': unit price E4 "
                + "1000000000000000000 of A has more than the schema's 18 digits", refused.getMessage());
    }

    private static InvoiceWireWriter writer() {
        return new InvoiceWireWriter(serde.serializer(), TOPIC);
    }
}
