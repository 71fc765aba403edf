package io.segstream.app.produce;

import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.OptionalDouble;
import java.util.function.LongSupplier;

import io.segstream.core.invoice.Invoice;
import io.segstream.app.synthetic.SyntheticGenerator;
import io.segstream.app.synthetic.SyntheticOptions;

/** Invoices of the {@link SyntheticGenerator}, until a count or a wall-clock duration is reached, if given. */
public final class SyntheticSource implements InvoiceSource {

    private final SyntheticOptions options;
    private final SyntheticGenerator generator;
    private final long maxInvoices;
    private final long durationNanos;
    private final LongSupplier nanoClock;
    private long startNanos;
    private boolean started;

    /**
     * @param options what to generate
     * @param maxInvoices stop after this many invoices; 0 for no limit
     * @param duration stop after this much wall-clock time from the first invoice; {@code null} for no limit
     * @param nanoClock wall clock, {@link System#nanoTime} outside tests
     */
    public SyntheticSource(SyntheticOptions options, long maxInvoices, Duration duration, LongSupplier nanoClock) {
        this.options = options;
        this.generator = new SyntheticGenerator(options);
        this.maxInvoices = maxInvoices;
        this.durationNanos = duration == null ? 0 : duration.toNanos();
        this.nanoClock = nanoClock;
    }

    @Override
    public boolean hasNext() {
        if (maxInvoices > 0 && generator.invoices() >= maxInvoices) {
            return false;
        }
        if (durationNanos > 0 && started && nanoClock.getAsLong() - startNanos >= durationNanos) {
            return false;
        }
        return generator.hasNext();
    }

    @Override
    public Invoice next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        if (!started) {
            started = true;
            startNanos = nanoClock.getAsLong();
        }
        return generator.next();
    }

    @Override
    public long rows() {
        return generator.lines();
    }

    @Override
    public OptionalDouble fractionDone() {
        if (maxInvoices > 0) {
            return OptionalDouble.of(generator.invoices() / (double) maxInvoices);
        }
        if (durationNanos > 0 && started) {
            return OptionalDouble.of(Math.min(1.0, (nanoClock.getAsLong() - startNanos) / (double) durationNanos));
        }
        return OptionalDouble.empty();
    }

    @Override
    public List<String> summary() {
        return List.of(
                String.format("source        synthetic, seed %d, %,d customers from %s", options.seed(),
                        options.customers(), options.start()),
                String.format("lines         %,d", generator.lines()),
                String.format("invoices      %,d", generator.invoices()),
                String.format("customers     %,d still buying", generator.activeCustomers()));
    }

    @Override
    public void close() {
    }
}
