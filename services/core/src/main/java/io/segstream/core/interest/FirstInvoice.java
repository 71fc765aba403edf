package io.segstream.core.interest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.function.ToIntFunction;

import io.segstream.core.invoice.Invoice;
import io.segstream.core.invoice.InvoiceLine;
import io.segstream.core.invoice.ProductCodes;

/**
 * The classifier's inputs from one invoice, the customer's first: log basket value, log number of product lines,
 * the share of the basket's value in each product category, the country (one indicator per known country plus one
 * for any other), the weekday (7 indicators) and the time of day (4 indicators: before 10:00, 10-12, 12-15, from
 * 15:00, UTC). Only sold product lines count (no fees, positive quantity and price).
 *
 * @param categories the number of product categories
 * @param countries the countries with their own indicator, in column order
 */
public record FirstInvoice(int categories, List<String> countries) {
    private static final int[] HOUR_EDGES = {10, 12, 15};

    /** Copies the country list. */
    public FirstInvoice {
        if (categories < 1) {
            throw new IllegalArgumentException("need at least one product category");
        }
        countries = List.copyOf(countries);
    }

    /** @return the number of inputs */
    public int width() {
        return 2 + categories + countries.size() + 1 + 7 + HOUR_EDGES.length + 1;
    }

    /**
     * Whether an invoice can describe a first purchase: a known customer, not a cancellation, at least one sold
     * product line.
     *
     * @param invoice the invoice
     * @return whether it counts
     */
    public static boolean counts(Invoice invoice) {
        if (!invoice.hasCustomer() || invoice.isCancellation()) {
            return false;
        }
        for (InvoiceLine line : invoice.lines()) {
            if (sold(line)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a line is a sold product.
     *
     * @param line the line
     * @return positive quantity and price and not a fee
     */
    public static boolean sold(InvoiceLine line) {
        return line.quantity() > 0 && line.unitPriceE4() > 0 && !ProductCodes.isFee(line.stockCode());
    }

    /**
     * The inputs of an invoice.
     *
     * @param invoice the invoice
     * @param categoryOf the product category of a stock code, -1 when unknown (left out of the shares)
     * @return the inputs, {@link #width()} values
     */
    public double[] encode(Invoice invoice, ToIntFunction<String> categoryOf) {
        double[] x = new double[width()];
        double value = 0;
        double known = 0;
        int lines = 0;
        for (InvoiceLine line : invoice.lines()) {
            if (!sold(line)) {
                continue;
            }
            double amount = line.amountE4() / 10_000.0;
            value += amount;
            lines++;
            int c = categoryOf.applyAsInt(line.stockCode());
            if (c >= 0 && c < categories) {
                x[2 + c] += amount;
                known += amount;
            }
        }
        x[0] = Math.log1p(value);
        x[1] = Math.log1p(lines);
        for (int c = 0; c < categories; c++) {
            x[2 + c] = known > 0 ? x[2 + c] / known : 0;
        }
        int o = 2 + categories;
        int country = countries.indexOf(invoice.country());
        x[o + (country < 0 ? countries.size() : country)] = 1;
        o += countries.size() + 1;
        ZonedDateTime t = Instant.ofEpochMilli(invoice.invoiceTimeMillis()).atZone(ZoneOffset.UTC);
        x[o + t.getDayOfWeek().getValue() - 1] = 1;
        o += 7;
        int bucket = 0;
        while (bucket < HOUR_EDGES.length && t.getHour() >= HOUR_EDGES[bucket]) {
            bucket++;
        }
        x[o + bucket] = 1;
        return x;
    }
}
