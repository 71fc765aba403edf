package io.segstream.core.cleaning;

import io.segstream.core.invoice.Invoice;
import io.segstream.core.invoice.InvoiceLine;
import io.segstream.core.invoice.ProductCodes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The data-quality rules as a pure function over one invoice, so the stream and the batch analysis clean
 * identically.
 *
 * <p>Duplicates are judged on the line alone, not on a per-row timestamp, because an invoice event carries one
 * time: on the UCI file this removes one line more than pandas' {@code drop_duplicates()} (invoice 567183
 * repeats a line one minute later).
 */
public final class Cleaning {

    private Cleaning() {
    }

    /**
     * Cleans one invoice.
     *
     * @param invoice the invoice as read
     * @param policy the rules
     * @return the outcome and, when it is to be applied, the cleaned invoice (duplicates removed; fee lines
     *     removed when {@link CleaningPolicy#feesInMonetary()} is false)
     */
    public static CleaningResult clean(Invoice invoice, CleaningPolicy policy) {
        List<InvoiceLine> input = invoice.lines();
        List<InvoiceLine> lines = policy.dropDuplicateLines() ? distinct(input) : input;
        int duplicates = input.size() - lines.size();
        int fees = 0;
        for (InvoiceLine line : lines) {
            if (ProductCodes.isFee(line.stockCode())) {
                fees++;
            }
        }
        if (!invoice.hasCustomer()) {
            return new CleaningResult(Outcome.NOT_SEGMENTABLE, null, input.size(), duplicates, fees, "no customer id");
        }
        String invalid = invalidReason(invoice, policy);
        if (invalid != null) {
            return new CleaningResult(Outcome.INVALID, null, input.size(), duplicates, fees, invalid);
        }
        boolean isReturn = invoice.isCancellation();
        Invoice cleaned = null;
        if (!isReturn || policy.returns() == ReturnPolicy.SUBTRACT) {
            if (!policy.feesInMonetary() && fees > 0) {
                lines = lines.stream().filter(l -> !ProductCodes.isFee(l.stockCode())).toList();
            }
            cleaned = lines == input ? invoice : new Invoice(invoice.invoiceNo(), invoice.customerId(),
                    invoice.country(), invoice.invoiceTimeMillis(), lines, invoice.source());
        }
        return new CleaningResult(isReturn ? Outcome.RETURN : Outcome.ACCEPTED, cleaned, input.size(), duplicates,
                fees, isReturn ? "cancellation or return" : "");
    }

    private static String invalidReason(Invoice invoice, CleaningPolicy policy) {
        if (invoice.lines().isEmpty()) {
            return "no lines";
        }
        for (InvoiceLine line : invoice.lines()) {
            if (Math.abs((long) line.quantity()) > policy.maxAbsQuantity()) {
                return "quantity " + line.quantity() + " of " + line.stockCode() + " beyond " + policy.maxAbsQuantity();
            }
            if (line.unitPriceE4() == Long.MIN_VALUE || Math.abs(line.unitPriceE4()) > policy.maxAbsUnitPriceE4()) {
                return "unit price E4 " + line.unitPriceE4() + " of " + line.stockCode() + " beyond "
                        + policy.maxAbsUnitPriceE4();
            }
        }
        return null;
    }

    private static List<InvoiceLine> distinct(List<InvoiceLine> lines) {
        Set<InvoiceLine> seen = new HashSet<>(lines.size() * 2);
        List<InvoiceLine> kept = new ArrayList<>(lines.size());
        for (InvoiceLine line : lines) {
            if (seen.add(line)) {
                kept.add(line);
            }
        }
        return kept.size() == lines.size() ? lines : kept;
    }
}
