package io.segstream.app.produce;

import java.io.PrintWriter;

/** The summary printed when a produce run ends. */
final class ProduceReport {

    private ProduceReport() {
    }

    static void print(PrintWriter out, InvoiceSource source, String destination, Publisher.PublishResult result) {
        source.summary().forEach(out::println);
        out.printf("produced      %,d invoices (%,d lines) to %s%n", result.acknowledged(), result.lines(),
                destination);
        out.printf("elapsed       %.2f s, %,.0f invoices/s%n", result.elapsedNanos() / 1e9,
                result.invoicesPerSecond());
        if (result.stoppedEarly()) {
            out.printf("stopped       by Ctrl-C after %,d invoices; every invoice sent was flushed%n",
                    result.invoices());
        }
        out.flush();
    }
}
