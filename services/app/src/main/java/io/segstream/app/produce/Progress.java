package io.segstream.app.produce;

import java.io.PrintWriter;
import java.util.OptionalDouble;
import java.util.function.LongSupplier;

/**
 * A progress line every few seconds: rows, invoices, invoices/s and, when the total is known, percent and ETA.
 * Plain lines rather than a redrawn bar, so the output reads the same in a terminal, a log file or CI.
 */
public final class Progress {

    private final PrintWriter out;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private long startNanos;
    private long nextNanos;
    private boolean started;

    /**
     * @param out where lines go (stderr)
     * @param intervalSeconds seconds between lines; 0 disables progress output
     * @param nanoClock wall clock
     */
    public Progress(PrintWriter out, double intervalSeconds, LongSupplier nanoClock) {
        this.out = out;
        this.intervalNanos = (long) (intervalSeconds * 1e9);
        this.nanoClock = nanoClock;
    }

    /** Called after each invoice; prints when a line is due. */
    void update(InvoiceSource source, long invoices) {
        if (intervalNanos <= 0) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (!started) {
            started = true;
            startNanos = now;
            nextNanos = now + intervalNanos;
        } else if (now >= nextNanos) {
            nextNanos = now + intervalNanos;
            out.println(line(source.rows(), invoices, now - startNanos, source.fractionDone()));
            out.flush();
        }
    }

    /** Prints the final line when progress was shown at all. */
    void finish(InvoiceSource source, long invoices) {
        if (intervalNanos > 0 && started) {
            out.println(line(source.rows(), invoices, nanoClock.getAsLong() - startNanos, OptionalDouble.empty()));
            out.flush();
        }
    }

    /** One progress line; the ETA assumes the rate so far holds. */
    static String line(long rows, long invoices, long elapsedNanos, OptionalDouble fraction) {
        double seconds = elapsedNanos / 1e9;
        StringBuilder line = new StringBuilder(String.format("produce: %,d rows, %,d invoices, %,.0f invoices/s",
                rows, invoices, seconds > 0 ? invoices / seconds : 0));
        if (fraction.isPresent() && fraction.getAsDouble() > 0) {
            double done = fraction.getAsDouble();
            line.append(String.format(", %.0f%%, ETA %s", 100 * done, duration(seconds * (1 - done) / done)));
        }
        return line.toString();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 60 ? s + " s" : String.format("%d:%02d min", s / 60, s % 60);
    }
}
