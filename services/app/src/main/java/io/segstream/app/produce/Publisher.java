package io.segstream.app.produce;

import io.segstream.core.invoice.Invoice;
import io.segstream.core.pacing.Pacer;

/** Moves invoices from a source to a sink, paced, reporting progress. */
public final class Publisher {

    private Publisher() {
    }

    /**
     * Publishes every invoice of {@code source} to {@code sink} in order, then closes the sink so all are
     * acknowledged before this returns.
     *
     * @throws InvoiceSink.PublishException when the sink reports undelivered invoices
     */
    public static PublishResult run(InvoiceSource source, Pacer pacer, InvoiceSink sink, Progress progress)
            throws InterruptedException {
        long start = System.nanoTime();
        long invoices = 0;
        long lines = 0;
        try (sink) {
            while (source.hasNext()) {
                Invoice invoice = source.next();
                pacer.await(invoice.invoiceTimeMillis());
                sink.send(invoice);
                invoices++;
                lines += invoice.lines().size();
                progress.update(source, invoices);
            }
        }
        long elapsed = System.nanoTime() - start;
        progress.finish(source, invoices);
        return new PublishResult(invoices, lines, sink.acknowledged(), elapsed);
    }

    /**
     * What a run did.
     *
     * @param invoices invoices taken from the source
     * @param lines invoice lines among them
     * @param acknowledged invoices the sink confirmed (0 for a dry run)
     * @param elapsedNanos wall time from the first read to the last acknowledgement
     */
    public record PublishResult(long invoices, long lines, long acknowledged, long elapsedNanos) {

        /** Invoices per wall second. */
        public double invoicesPerSecond() {
            return elapsedNanos == 0 ? 0 : invoices * 1e9 / elapsedNanos;
        }
    }
}
