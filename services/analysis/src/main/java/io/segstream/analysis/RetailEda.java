package io.segstream.analysis;

import io.segstream.core.cleaning.Cleaning;
import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.core.cleaning.CleaningResult;
import io.segstream.core.cleaning.Outcome;
import io.segstream.core.invoice.Invoice;
import io.segstream.core.invoice.InvoiceLine;
import io.segstream.core.invoice.Money;
import io.segstream.core.invoice.ProductCodes;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Exploratory aggregates of a transaction file after cleaning. Revenue counts every applied invoice (returns
 * subtract, as in the features); products net returns; invoice counts, basket sizes, order values and the weekday-hour
 * grid count sales only. Times are the file's wall-clock times read as UTC.
 */
public final class RetailEda {

    /**
     * @param key country, month or product
     * @param customers distinct customers (countries), invoices (months) or units (products)
     * @param revenue revenue in currency units
     */
    public record Row(String key, long customers, double revenue) {
    }

    /**
     * The aggregates.
     *
     * @param countries by revenue, descending
     * @param months in calendar order; {@code customers} holds the number of sales invoices
     * @param topProducts the 15 products with the most revenue net of returns; {@code customers} holds net units
     * @param basketSizes distinct lines per sales invoice
     * @param orderValues value of each sales invoice
     * @param weekdayHour sales invoices by ISO weekday (0 = Monday) and hour of day
     */
    public record Summary(List<Row> countries, List<Row> months, List<Row> topProducts, int[] basketSizes,
                          double[] orderValues, long[][] weekdayHour) {
    }

    private final CleaningPolicy policy;
    private final Map<String, Set<String>> countryCustomers = new HashMap<>();
    private final Map<String, Long> countryRevenue = new HashMap<>();
    private final Map<YearMonth, long[]> months = new TreeMap<>();
    private final Map<String, long[]> products = new HashMap<>();
    private final Map<String, String> descriptions = new HashMap<>();
    private final List<Integer> baskets = new ArrayList<>();
    private final List<Double> orders = new ArrayList<>();
    private final long[][] weekdayHour = new long[7][24];

    /** An accumulator cleaning with {@code policy}. */
    public RetailEda(CleaningPolicy policy) {
        this.policy = policy;
    }

    /** Adds one invoice as read. */
    public void accept(Invoice invoice) {
        CleaningResult r = Cleaning.clean(invoice, policy);
        Invoice cleaned = r.cleaned();
        if (cleaned == null) {
            return;
        }
        String country = cleaned.country() == null ? "(unknown)" : cleaned.country();
        long amount = cleaned.amountE4();
        countryCustomers.computeIfAbsent(country, c -> new HashSet<>()).add(cleaned.customerId());
        countryRevenue.merge(country, amount, Long::sum);
        LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochMilli(cleaned.invoiceTimeMillis()), ZoneOffset.UTC);
        long[] month = months.computeIfAbsent(YearMonth.from(t), m -> new long[2]);
        month[1] += amount;
        for (InvoiceLine line : cleaned.lines()) {
            if (ProductCodes.isFee(line.stockCode())) {
                continue;
            }
            long[] p = products.computeIfAbsent(line.stockCode(), c -> new long[2]);
            p[0] += line.quantity();
            p[1] += line.amountE4();
            if (line.description() != null) {
                descriptions.putIfAbsent(line.stockCode(), line.description());
            }
        }
        if (r.outcome() != Outcome.ACCEPTED) {
            return;
        }
        month[0]++;
        weekdayHour[t.getDayOfWeek().getValue() - 1][t.getHour()]++;
        baskets.add(cleaned.lines().size());
        orders.add(amount / (double) Money.SCALE);
    }

    /** The aggregates so far. */
    public Summary summary() {
        List<Row> c = new ArrayList<>();
        countryRevenue.forEach((country, rev) -> c.add(new Row(country, countryCustomers.get(country).size(),
                rev / (double) Money.SCALE)));
        c.sort(Comparator.comparingDouble(Row::revenue).reversed().thenComparing(Row::key));
        List<Row> m = new ArrayList<>();
        months.forEach((month, v) -> m.add(new Row(month.toString(), v[0], v[1] / (double) Money.SCALE)));
        Map<String, long[]> sorted = new LinkedHashMap<>();
        products.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[1])
                        .thenComparing(Map.Entry::getKey))
                .limit(15).forEach(e -> sorted.put(e.getKey(), e.getValue()));
        List<Row> p = new ArrayList<>();
        sorted.forEach((code, v) -> p.add(new Row(descriptions.getOrDefault(code, code) + " (" + code + ")", v[0],
                v[1] / (double) Money.SCALE)));
        long[][] grid = new long[7][];
        for (int d = 0; d < 7; d++) {
            grid[d] = weekdayHour[d].clone();
        }
        return new Summary(List.copyOf(c), List.copyOf(m), List.copyOf(p),
                baskets.stream().mapToInt(Integer::intValue).toArray(),
                orders.stream().mapToDouble(Double::doubleValue).toArray(), grid);
    }
}
