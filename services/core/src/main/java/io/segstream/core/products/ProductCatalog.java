package io.segstream.core.products;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.segstream.core.invoice.Invoice;
import io.segstream.core.invoice.InvoiceLine;
import io.segstream.core.invoice.ProductCodes;

/**
 * The products seen in invoices: per stock code the most frequent description and the mean unit price over its
 * sold lines. Fees, cancellations and lines without a positive quantity and price are left out: they say nothing
 * about what a product is.
 */
public final class ProductCatalog {
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private static final class Entry {
        final Map<String, Integer> descriptions = new HashMap<>(2);
        double priceSum;
        long lines;
    }

    /**
     * One product.
     *
     * @param stockCode the code
     * @param description its most frequent description (the first seen on ties), may be null
     * @param meanPrice mean unit price over its lines
     * @param lines how many sold lines it has
     */
    public record Product(String stockCode, String description, double meanPrice, long lines) {
    }

    /**
     * Adds the sold lines of an invoice.
     *
     * @param invoice the invoice; cancellations are ignored
     */
    public void add(Invoice invoice) {
        if (invoice.isCancellation()) {
            return;
        }
        for (InvoiceLine line : invoice.lines()) {
            add(line);
        }
    }

    /**
     * Adds one line.
     *
     * @param line the line; fees and lines without a positive quantity and price are ignored
     */
    public void add(InvoiceLine line) {
        if (line.quantity() <= 0 || line.unitPriceE4() <= 0 || ProductCodes.isFee(line.stockCode())) {
            return;
        }
        Entry e = entries.computeIfAbsent(line.stockCode(), c -> new Entry());
        if (line.description() != null && !line.description().isBlank()) {
            e.descriptions.merge(line.description().strip(), 1, Integer::sum);
        }
        e.priceSum += line.unitPriceE4() / 10_000.0;
        e.lines++;
    }

    /** @return the products in first-seen order */
    public List<Product> products() {
        List<Product> out = new ArrayList<>(entries.size());
        for (var me : entries.entrySet()) {
            Entry e = me.getValue();
            String best = null;
            int bestCount = 0;
            for (var d : e.descriptions.entrySet()) {
                if (d.getValue() > bestCount || d.getValue() == bestCount && d.getKey().compareTo(best) < 0) {
                    best = d.getKey();
                    bestCount = d.getValue();
                }
            }
            out.add(new Product(me.getKey(), best, e.priceSum / e.lines, e.lines));
        }
        return out;
    }

    /** @return how many products were seen */
    public int size() {
        return entries.size();
    }
}
