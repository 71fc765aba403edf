package io.segstream.core.cleaning;

import io.segstream.core.invoice.Invoice;
import java.util.Optional;

/**
 * Outcome of cleaning one invoice.
 *
 * @param outcome the single outcome
 * @param cleaned the invoice to apply to the customer's features, {@code null} when nothing is applied
 *     (not segmentable, invalid, or a return under {@link ReturnPolicy#IGNORE})
 * @param inputLines lines of the input invoice
 * @param duplicateLines lines removed as exact duplicates
 * @param feeLines fee lines in the input (after duplicate removal)
 * @param reason why the invoice is not {@link Outcome#ACCEPTED}, empty when it is
 */
public record CleaningResult(Outcome outcome, Invoice cleaned, int inputLines, int duplicateLines, int feeLines,
                             String reason) {

    /** The invoice to apply, if any. */
    public Optional<Invoice> toApply() {
        return Optional.ofNullable(cleaned);
    }
}
