package io.segstream.app.produce;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.segstream.core.invoice.Invoice;

/** A sink that counts what it sends on {@code segstream.invoices.produced}: the replay or producer rate. */
public final class CountingSink implements InvoiceSink {

    private final InvoiceSink sink;
    private final Counter produced;

    private CountingSink(InvoiceSink sink, Counter produced) {
        this.sink = sink;
        this.produced = produced;
    }

    /** Wraps {@code sink}, counting on {@code registry}. */
    public static InvoiceSink of(InvoiceSink sink, MeterRegistry registry) {
        return new CountingSink(sink, Counter.builder("segstream.invoices.produced")
                .description("Invoices sent by produce or the demo replay").register(registry));
    }

    @Override
    public void send(Invoice invoice) throws InterruptedException {
        sink.send(invoice);
        produced.increment();
    }

    @Override
    public long acknowledged() {
        return sink.acknowledged();
    }

    @Override
    public String describe() {
        return sink.describe();
    }

    @Override
    public void close() {
        sink.close();
    }
}
