package io.segstream.app.produce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.IntStream;

import io.segstream.core.invoice.Invoice;
import io.segstream.core.invoice.InvoiceLine;
import io.segstream.app.pacing.Pacer;
import org.junit.jupiter.api.Test;

class PublisherTest {

    private static InvoiceSource source(int n) {
        Iterator<Invoice> it = IntStream.range(0, n).mapToObj(i -> new Invoice("I" + i, "c" + i, "UK", i * 1000L,
                List.of(new InvoiceLine("A", null, 1, 10_000), new InvoiceLine("B", null, 2, 5_000)), "test"))
                .iterator();
        return new InvoiceSource() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Invoice next() {
                return it.next();
            }

            @Override
            public long rows() {
                return 0;
            }

            @Override
            public OptionalDouble fractionDone() {
                return OptionalDouble.empty();
            }

            @Override
            public List<String> summary() {
                return List.of();
            }

            @Override
            public void close() {
            }
        };
    }

    /** Records what it was sent and whether it was closed with the interrupt flag cleared. */
    private static final class RecordingSink implements InvoiceSink {
        final List<String> sent = new ArrayList<>();
        final int interruptAfter;
        boolean closedCleanly;

        RecordingSink(int interruptAfter) {
            this.interruptAfter = interruptAfter;
        }

        @Override
        public void send(Invoice invoice) {
            sent.add(invoice.invoiceNo());
            if (sent.size() == interruptAfter) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public long acknowledged() {
            return sent.size();
        }

        @Override
        public String describe() {
            return "recording";
        }

        @Override
        public void close() {
            closedCleanly = !Thread.currentThread().isInterrupted();
        }
    }

    private static Progress silent() {
        return new Progress(new PrintWriter(Writer.nullWriter()), 0, System::nanoTime);
    }

    @Test
    void givenWholeSource_whenPublished_thenEveryInvoiceSentInOrder() throws Exception {
        RecordingSink sink = new RecordingSink(-1);

        Publisher.PublishResult result = Publisher.run(source(5), Pacer.unpaced(), sink, silent());

        assertEquals(List.of("I0", "I1", "I2", "I3", "I4"), sink.sent);
        assertEquals(5, result.invoices());
        assertEquals(10, result.lines());
        assertFalse(result.stoppedEarly());
    }

    @Test
    void givenInterruptMidRun_whenPublished_thenStopsEarlyAndClosesTheSinkToFlush() throws Exception {
        RecordingSink sink = new RecordingSink(3);

        Publisher.PublishResult result = Publisher.run(source(10), Pacer.unpaced(), sink, silent());

        assertTrue(result.stoppedEarly());
        assertEquals(3, result.invoices());
        assertEquals(3, result.acknowledged());
        assertTrue(sink.closedCleanly, "sink closed with the interrupt flag still set: flush would fail");
    }
}
