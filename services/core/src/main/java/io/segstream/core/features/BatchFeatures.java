package io.segstream.core.features;

import io.segstream.core.cleaning.Cleaning;
import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.core.cleaning.CleaningResult;
import io.segstream.core.cleaning.CleaningStats;
import io.segstream.core.invoice.Invoice;
import io.segstream.core.invoice.ProductCodes;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

/**
 * Features of every customer from a batch of invoices, built on {@link CustomerState} and {@link Cleaning} so
 * the analysis and the stream cannot disagree.
 */
public final class BatchFeatures {

    private BatchFeatures() {
    }

    /**
     * States of all customers plus the cleaning counters.
     *
     * @param states state per customer id, sorted by id
     * @param stats cleaning counters over all input invoices
     * @param maxInvoiceMillis latest time of an applied invoice, {@link Long#MIN_VALUE} when none
     * @param dictionary the product ids used by the states
     */
    public record States(Map<String, CustomerState> states, CleaningStats stats, long maxInvoiceMillis,
                         ProductDictionary dictionary) {

        /** Features of every customer at {@code asOfMillis}, sorted by customer id. */
        public Map<String, Features> features(long asOfMillis) {
            Map<String, Features> out = new TreeMap<>();
            states.forEach((customer, state) -> out.put(customer, state.features(asOfMillis)));
            return out;
        }
    }

    /**
     * Features of every customer with at least one applied invoice.
     *
     * @param invoices the invoices, in any order
     * @param policy cleaning rules
     * @param asOfMillis reference time, usually the latest invoice time
     * @return features per customer id, sorted by id
     */
    public static Map<String, Features> compute(Iterable<Invoice> invoices, CleaningPolicy policy, long asOfMillis) {
        return states(invoices, policy, new ProductDictionary()).features(asOfMillis);
    }

    /**
     * Cleans and applies every invoice.
     *
     * @param invoices the invoices, in any order
     * @param policy cleaning rules
     * @param dictionary product ids, shared with whoever reads the states later
     */
    public static States states(Iterable<Invoice> invoices, CleaningPolicy policy, ProductDictionary dictionary) {
        ToIntFunction<String> productIds = productIds(dictionary, policy);
        Map<String, CustomerState> states = new TreeMap<>();
        CleaningStats stats = CleaningStats.EMPTY;
        long max = Long.MIN_VALUE;
        for (Invoice invoice : invoices) {
            CleaningResult result = Cleaning.clean(invoice, policy);
            stats = stats.plus(result);
            Invoice cleaned = result.cleaned();
            if (cleaned != null) {
                states.computeIfAbsent(cleaned.customerId(), id -> new CustomerState()).apply(cleaned, productIds);
                max = Math.max(max, cleaned.invoiceTimeMillis());
            }
        }
        return new States(states, stats, max, dictionary);
    }

    /** Product ids as the policy wants them: fee codes get no id unless they count as products. */
    public static ToIntFunction<String> productIds(ProductDictionary dictionary, CleaningPolicy policy) {
        return policy.feesAsProducts() ? dictionary::idOf
                : code -> ProductCodes.isFee(code) ? -1 : dictionary.idOf(code);
    }
}
