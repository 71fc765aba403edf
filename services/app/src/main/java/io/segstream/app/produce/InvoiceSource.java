package io.segstream.app.produce;

import java.util.Iterator;
import java.util.List;
import java.util.OptionalDouble;

import io.segstream.core.invoice.Invoice;

/** Invoices to publish, in order, with what progress and summary output need. */
public interface InvoiceSource extends Iterator<Invoice>, AutoCloseable {

    /** Input units consumed so far: file rows, or generated lines. */
    long rows();

    /** Fraction of the input consumed, when the total is known or estimated. */
    OptionalDouble fractionDone();

    /** Lines describing what was read, for the final summary; complete once the source is exhausted. */
    List<String> summary();

    @Override
    void close();
}
