package io.segstream.core.invoice;

import java.util.List;
import java.util.Objects;

/**
 * One invoice with all its lines, the unit of ingestion, of the stream and of feature updates.
 *
 * @param invoiceNo invoice number; a leading {@code C} marks a cancellation, a leading {@code A} a bad-debt adjustment
 * @param customerId customer id, {@code null} when the shop did not record one
 * @param country country as written by the source, may be {@code null}
 * @param invoiceTimeMillis when the invoice was issued, epoch millis UTC; for a file whose rows of one
 *     invoice carry different timestamps it is the earliest of them
 * @param lines lines in source order, unmodifiable
 * @param source where the invoice came from, e.g. {@code online-retail:online_retail.csv.gz}
 */
public record Invoice(String invoiceNo, String customerId, String country, long invoiceTimeMillis,
                      List<InvoiceLine> lines, String source) {

    /** Validates required fields and freezes the line list. */
    public Invoice {
        Objects.requireNonNull(invoiceNo, "invoiceNo");
        lines = List.copyOf(lines);
        source = source == null ? "unknown" : source;
    }

    /**
     * A cancellation or return: the number starts with {@code C}, or at least one line has a negative
     * quantity. The second rule matters because 1,336 negative rows of the UCI file are not {@code C} invoices.
     */
    public boolean isCancellation() {
        if (invoiceNo.startsWith("C")) {
            return true;
        }
        for (InvoiceLine line : lines) {
            if (line.quantity() < 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether the customer is known; invoices without one cannot be segmented. */
    public boolean hasCustomer() {
        return customerId != null && !customerId.isEmpty();
    }

    /** Sum of all line amounts in E4 units. */
    public long amountE4() {
        long sum = 0;
        for (InvoiceLine line : lines) {
            sum = Math.addExact(sum, line.amountE4());
        }
        return sum;
    }
}
