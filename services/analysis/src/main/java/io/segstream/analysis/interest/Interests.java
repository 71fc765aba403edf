package io.segstream.analysis.interest;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import io.segstream.core.interest.InterestFit;
import io.segstream.core.invoice.Invoice;

/**
 * The product categories, the interest categories and the evaluation of interest prediction of one transaction
 * file, or why they could not be computed.
 *
 * @param evaluation the evaluation on the temporal split, null when skipped
 * @param skipped why there is none, null when there is
 */
public record Interests(InterestEvaluation evaluation, String skipped) {

    /** How many months at the end of a file are the test period. */
    public static final int TEST_MONTHS = 2;

    /**
     * Builds the split at the start of the file's last {@value #TEST_MONTHS} months and evaluates the classifiers.
     *
     * @param invoices the file's invoices (those without a customer, cancellations and fee-only invoices are
     *     ignored)
     * @param progress receives one line per step
     * @return the result, with a reason when the file has too few products or customers on either side
     */
    public static Interests of(List<Invoice> invoices, Consumer<String> progress) {
        if (invoices.isEmpty()) {
            return new Interests(null, "no invoice with a customer and a sold product");
        }
        long last = invoices.stream().mapToLong(Invoice::invoiceTimeMillis).max().orElseThrow();
        long cutoff = InterestFit.cutoff(last, TEST_MONTHS);
        progress.accept("interest prediction: customers first buying from " + Instant.ofEpochMilli(cutoff)
                + " are the test set");
        InterestFit.Options options = InterestFit.Options.defaults();
        try {
            InterestFit.Split split = InterestFit.split(invoices, cutoff, options);
            return new Interests(InterestEvaluation.run(split, options.lambda(), options.seed(), progress), null);
        } catch (IllegalArgumentException e) {
            progress.accept("interest prediction skipped: " + e.getMessage());
            return new Interests(null, e.getMessage());
        }
    }
}
