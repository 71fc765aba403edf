package io.segstream.app.produce;

import io.segstream.core.invoice.Invoice;

/** Where published invoices go. */
public interface InvoiceSink extends AutoCloseable {

    /** Sends one invoice; may return before it is acknowledged. */
    void send(Invoice invoice) throws InterruptedException;

    /** Invoices acknowledged so far; final after {@link #close()}. */
    long acknowledged();

    /** What the sink wrote to, for the summary. */
    String describe();

    /**
     * Waits for every sent invoice to be acknowledged and releases resources.
     *
     * @throws PublishException when any invoice could not be delivered
     */
    @Override
    void close();

    /** A sink that drops everything, for {@code --dry-run}. */
    static InvoiceSink discard() {
        return new InvoiceSink() {
            @Override
            public void send(Invoice invoice) {
            }

            @Override
            public long acknowledged() {
                return 0;
            }

            @Override
            public String describe() {
                return "nothing (dry run)";
            }

            @Override
            public void close() {
            }
        };
    }

    /** Invoices could not be delivered. */
    final class PublishException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** @param message what failed and how often */
        public PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
