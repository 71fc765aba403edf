package io.segstream.app.produce;

import io.segstream.core.invoice.Invoice;
import io.segstream.app.pacing.Pacer;

/** Moves invoices from a source to a sink, paced, reporting progress. */
public final class Publisher {

    private Publisher() {
    }

    /**
     * Publishes every invoice of {@code source} to {@code sink} in order, then closes the sink so all are
     * acknowledged before this returns. An interrupt (Ctrl-C, see {@code ProduceCommand}) stops the loop early; the
     * invoices already sent are still flushed and acknowledged.
     *
     * @throws InvoiceSink.PublishException when the sink reports undelivered invoices
     */
    public static PublishResult run(InvoiceSource source, Pacer pacer, InvoiceSink sink, Progress progress)
            throws InterruptedException {
        long start = System.nanoTime();
        long invoices = 0;
        long lines = 0;
        boolean stopped = false;
        try (sink) {
            while (source.hasNext()) {
                // Interrupted() clears the flag, so closing the sink can still flush what was sent.
                if (Thread.interrupted()) {
                    stopped = true;
                    break;
                }
                Invoice invoice = source.next();
                try {
                    pacer.await(invoice.invoiceTimeMillis());
                } catch (InterruptedException e) {
                    stopped = true;
                    break;
                }
                sink.send(invoice);
                invoices++;
                lines += invoice.lines().size();
                progress.update(source, invoices);
            }
        }
        long elapsed = System.nanoTime() - start;
        progress.finish(source, invoices);
        return new PublishResult(invoices, lines, sink.acknowledged(), elapsed, stopped);
    }

    /**
     * What a run did.
     *
     * @param invoices invoices taken from the source
     * @param lines invoice lines among them
     * @param acknowledged invoices the sink confirmed (0 for a dry run)
     * @param elapsedNanos wall time from the first read to the last acknowledgement
     * @param stoppedEarly whether an interrupt ended the run before the source was exhausted
     */
    public record PublishResult(long invoices, long lines, long acknowledged, long elapsedNanos,
                                boolean stoppedEarly) {

        /** Invoices per wall second. */
        public double invoicesPerSecond() {
            return elapsedNanos == 0 ? 0 : invoices * 1e9 / elapsedNanos;
        }
    }
}
