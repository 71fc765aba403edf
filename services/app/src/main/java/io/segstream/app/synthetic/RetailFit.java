package io.segstream.app.synthetic;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.segstream.ingest.TransactionReader;
import io.segstream.core.invoice.Invoice;
import io.segstream.core.invoice.InvoiceLine;
import io.segstream.core.invoice.ProductCodes;

/**
 * Fits a {@link SyntheticPopulation} to real invoices: the reproducible step behind {@link FittedPopulations#ONLINE_RETAIL}.
 *
 * <p>Only purchases of identified customers count: cancellations, invoices without a customer, fee lines
 * ({@link ProductCodes#isFee}) and lines with a non-positive quantity or price are left out, since the generator
 * produces plain purchases. Each customer gets one {@link Archetype} by {@link Archetype#classify}; log moments of
 * basket size, unit price and quantity are pooled over all invoices and lines of an archetype's customers.
 */
public final class RetailFit {

    /** Countries with at least this share of customers are kept; the shares are then renormalised. */
    static final double MIN_COUNTRY_SHARE = 0.01;

    private static final double MILLIS_PER_DAY = 86_400_000.0;

    private RetailFit() {
    }

    /** Fits the model to every invoice of a transaction file. */
    public static SyntheticPopulation fit(Path file) {
        try (TransactionReader reader = TransactionReader.open(file)) {
            return fit(reader);
        }
    }

    /** Fits the model to {@code invoices}, read once. */
    public static SyntheticPopulation fit(Iterable<Invoice> invoices) {
        Map<String, Customer> customers = new HashMap<>();
        for (Invoice invoice : invoices) {
            if (!invoice.hasCustomer() || invoice.isCancellation()) {
                continue;
            }
            List<InvoiceLine> lines = invoice.lines().stream()
                    .filter(l -> !ProductCodes.isFee(l.stockCode()) && l.quantity() > 0 && l.unitPriceE4() > 0)
                    .toList();
            if (!lines.isEmpty()) {
                customers.computeIfAbsent(invoice.customerId(), id -> new Customer(invoice.country()))
                        .add(invoice.invoiceTimeMillis(), lines);
            }
        }
        if (customers.isEmpty()) {
            throw new IllegalArgumentException("no purchases of identified customers to fit");
        }
        Map<Archetype, Pool> pools = new EnumMap<>(Archetype.class);
        Map<String, Integer> countries = new HashMap<>();
        long firstPurchaseMin = Long.MAX_VALUE;
        long firstPurchaseMax = Long.MIN_VALUE;
        for (Customer customer : customers.values()) {
            pools.computeIfAbsent(customer.archetype(), a -> new Pool()).add(customer);
            countries.merge(customer.country == null ? "Unspecified" : customer.country, 1, Integer::sum);
            firstPurchaseMin = Math.min(firstPurchaseMin, customer.first);
            firstPurchaseMax = Math.max(firstPurchaseMax, customer.first);
        }
        Map<Archetype, ArchetypeParameters> parameters = new EnumMap<>(Archetype.class);
        for (Archetype archetype : Archetype.values()) {
            Pool pool = pools.get(archetype);
            if (pool == null) {
                throw new IllegalArgumentException("no customer of archetype " + archetype + " to fit");
            }
            parameters.put(archetype, pool.parameters(customers.size()));
        }
        return new SyntheticPopulation(parameters, countryShares(countries, customers.size()),
                (firstPurchaseMax - firstPurchaseMin) / MILLIS_PER_DAY);
    }

    private static Map<String, Double> countryShares(Map<String, Integer> counts, int customers) {
        List<Map.Entry<String, Integer>> kept = new ArrayList<>(counts.entrySet().stream()
                .filter(e -> e.getValue() >= MIN_COUNTRY_SHARE * customers).toList());
        kept.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        double total = kept.stream().mapToInt(Map.Entry::getValue).sum();
        Map<String, Double> shares = new LinkedHashMap<>();
        kept.forEach(e -> shares.put(e.getKey(), e.getValue() / total));
        return shares;
    }

    /** Running sums of one customer's purchases. */
    private static final class Customer {
        final String country;
        final Moments basket = new Moments();
        final Moments price = new Moments();
        final Moments quantity = new Moments();
        long units;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;

        Customer(String country) {
            this.country = country;
        }

        void add(long time, List<InvoiceLine> lines) {
            basket.add(Math.log(lines.size()));
            for (InvoiceLine line : lines) {
                price.add(Math.log(line.unitPriceE4() / 10_000.0));
                quantity.add(Math.log(line.quantity()));
                units += line.quantity();
            }
            first = Math.min(first, time);
            last = Math.max(last, time);
        }

        Archetype archetype() {
            return Archetype.classify((int) basket.n, units / (double) quantity.n);
        }
    }

    /** Sums over the customers of one archetype. */
    private static final class Pool {
        final Moments basket = new Moments();
        final Moments price = new Moments();
        final Moments quantity = new Moments();
        long customers;
        long invoices;
        long gaps;
        double gapMillis;

        void add(Customer customer) {
            customers++;
            invoices += customer.basket.n;
            basket.add(customer.basket);
            price.add(customer.price);
            quantity.add(customer.quantity);
            if (customer.basket.n > 1) {
                gaps += customer.basket.n - 1;
                gapMillis += customer.last - customer.first;
            }
        }

        ArchetypeParameters parameters(int allCustomers) {
            // One-off customers have no gap of their own; they never buy again, so any positive value serves.
            double gapDays = gaps == 0 ? 1.0 : gapMillis / gaps / MILLIS_PER_DAY;
            return new ArchetypeParameters(customers / (double) allCustomers, invoices / (double) customers,
                    gapDays, basket.mean(), basket.sd(), price.mean(), price.sd(), quantity.mean(),
                    quantity.sd());
        }
    }

    /** Count, sum and sum of squares. */
    private static final class Moments {
        long n;
        double sum;
        double sumSq;

        void add(double x) {
            n++;
            sum += x;
            sumSq += x * x;
        }

        void add(Moments other) {
            n += other.n;
            sum += other.sum;
            sumSq += other.sumSq;
        }

        double mean() {
            return sum / n;
        }

        double sd() {
            double mean = mean();
            return Math.sqrt(Math.max(0, sumSq / n - mean * mean));
        }
    }
}
