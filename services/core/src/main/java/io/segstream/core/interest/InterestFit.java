package io.segstream.core.interest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.segstream.core.invoice.Invoice;
import io.segstream.core.products.ProductCatalog;
import io.segstream.core.products.ProductCategories;

/**
 * Builds the interest data set from invoices and fits the interest model, for the batch evaluation (a temporal
 * split) and for the trainer (everything is training data).
 *
 * <p>With a cutoff: the product categories are fitted on the invoices before it; customers whose first counted
 * invoice is before it are training customers, described (profile and interest category) by their invoices before
 * it; the others are test customers, described by all their invoices, and their interest category is the nearest
 * centroid of the categories fitted on the training customers. Every customer's inputs are those of their first
 * invoice (the earliest; on equal times the lowest invoice number).
 */
public final class InterestFit {

    private InterestFit() {
    }

    /**
     * Fitting options.
     *
     * @param products the product category options
     * @param minK smallest number of interest categories
     * @param maxK largest number of interest categories
     * @param minCountryShare a country gets its own input when at least this share of training customers is from it
     * @param lambda the classifier's L2 penalty
     * @param seed the seed
     */
    public record Options(ProductCategories.Options products, int minK, int maxK, double minCountryShare,
                          double lambda, long seed) {
        /** @return the product defaults, 4 to 8 interest categories, countries of at least 1%, lambda 1e-4, seed 0 */
        public static Options defaults() {
            return new Options(ProductCategories.Options.defaults(), 4, 8, 0.01, 1e-4, 0);
        }
    }

    /**
     * Examples for the classifier.
     *
     * @param customers the customer ids
     * @param x the inputs of each customer's first invoice
     * @param y each customer's interest category
     */
    public record Dataset(List<String> customers, double[][] x, int[] y) {
    }

    /**
     * The data set, split in time.
     *
     * @param cutoffMillis the start of the test period
     * @param products the product categories
     * @param categories the interest categories
     * @param encoding the input encoding
     * @param train customers who first bought before the cutoff
     * @param test customers who first bought from the cutoff on
     */
    public record Split(long cutoffMillis, ProductCategories products, CustomerCategories categories,
                        FirstInvoice encoding, Dataset train, Dataset test) {
    }

    /**
     * The start of the last {@code months} calendar months of a file: the first day of the last invoice's month,
     * minus {@code months - 1} months... that is, for a file ending 2011-12-09 and 2 months, 2011-10-01.
     *
     * @param lastInvoiceMillis the time of the last invoice
     * @param months how many months the test period covers, counting the last, partial one as one of them only when
     *     it is complete; here the last partial month is added to them
     * @return the cutoff, epoch millis UTC
     */
    public static long cutoff(long lastInvoiceMillis, int months) {
        var first = Instant.ofEpochMilli(lastInvoiceMillis).atZone(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1);
        return first.minusMonths(months).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    /**
     * Builds the split.
     *
     * @param invoices all invoices of the file, in any order
     * @param cutoffMillis the start of the test period ({@link Long#MAX_VALUE}: all training)
     * @param options the options
     * @return the split
     */
    public static Split split(List<Invoice> invoices, long cutoffMillis, Options options) {
        List<Invoice> sorted = sales(invoices);
        ProductCategories products = productCategories(sorted, cutoffMillis, options.products());
        Map<String, List<Invoice>> byCustomer = byCustomer(sorted);
        int pk = products.k();
        List<String> trainIds = new ArrayList<>();
        List<double[]> trainProfiles = new ArrayList<>();
        List<Invoice> trainFirst = new ArrayList<>();
        List<String> testIds = new ArrayList<>();
        List<double[]> testProfiles = new ArrayList<>();
        List<Invoice> testFirst = new ArrayList<>();
        for (var e : byCustomer.entrySet()) {
            List<Invoice> own = e.getValue();
            Invoice first = own.getFirst();
            if (first.invoiceTimeMillis() < cutoffMillis) {
                List<Invoice> before = own.stream().filter(i -> i.invoiceTimeMillis() < cutoffMillis).toList();
                trainIds.add(e.getKey());
                trainProfiles.add(CustomerCategories.profile(before, pk, products::category));
                trainFirst.add(first);
            } else {
                testIds.add(e.getKey());
                testProfiles.add(CustomerCategories.profile(own, pk, products::category));
                testFirst.add(first);
            }
        }
        CustomerCategories categories = CustomerCategories.fit(trainProfiles.toArray(double[][]::new),
                products.names(), options.minK(), options.maxK(), options.seed());
        FirstInvoice encoding = new FirstInvoice(pk, countries(trainFirst, options.minCountryShare()));
        return new Split(cutoffMillis, products, categories, encoding,
                dataset(trainIds, trainProfiles, trainFirst, categories, encoding, products),
                dataset(testIds, testProfiles, testFirst, categories, encoding, products));
    }

    /**
     * The invoices that can describe interests ({@link FirstInvoice#counts}), in one canonical order (time, invoice
     * number, customer), so that a fit does not depend on how the invoices arrived (file order, or the interleaving
     * of a topic's partitions): the trainer's model equals a batch fit on the same invoices.
     *
     * @param invoices invoices in any order
     * @return the sales, sorted
     */
    public static List<Invoice> sales(List<Invoice> invoices) {
        Comparator<Invoice> order = Comparator.comparingLong(Invoice::invoiceTimeMillis)
                .thenComparing(Invoice::invoiceNo).thenComparing(Invoice::customerId);
        return invoices.stream().filter(FirstInvoice::counts).sorted(order).toList();
    }

    /**
     * The product categories of the products sold before a cutoff.
     *
     * @param sales {@link #sales} in their canonical order
     * @param cutoffMillis only invoices before it count ({@link Long#MAX_VALUE}: all)
     * @param options the product category options
     * @return the categories
     */
    public static ProductCategories productCategories(List<Invoice> sales, long cutoffMillis,
            ProductCategories.Options options) {
        ProductCatalog catalog = new ProductCatalog();
        for (Invoice invoice : sales) {
            if (invoice.invoiceTimeMillis() < cutoffMillis) {
                catalog.add(invoice);
            }
        }
        return ProductCategories.fit(catalog.products(), options);
    }

    /**
     * @param sales {@link #sales} in their canonical order
     * @return each customer's sales, in that order, customers by their first sale
     */
    public static Map<String, List<Invoice>> byCustomer(List<Invoice> sales) {
        Map<String, List<Invoice>> byCustomer = new LinkedHashMap<>();
        for (Invoice invoice : sales) {
            byCustomer.computeIfAbsent(invoice.customerId(), c -> new ArrayList<>()).add(invoice);
        }
        return byCustomer;
    }

    /**
     * Fits the classifier on the split's training customers.
     *
     * @param split the split
     * @param lambda the L2 penalty
     * @return the model
     */
    public static InterestModel model(Split split, double lambda) {
        SoftmaxRegression classifier = SoftmaxRegression.fit(split.train().x(), split.train().y(),
                split.categories().k(), lambda);
        return new InterestModel(split.products().categoryOf(), split.products().names(), split.encoding(),
                split.categories().names(), classifier);
    }

    /**
     * Fits the model on every customer, as the trainer does.
     *
     * @param invoices all invoices
     * @param options the options
     * @return the model
     */
    public static InterestModel fit(List<Invoice> invoices, Options options) {
        return model(split(invoices, Long.MAX_VALUE, options), options.lambda());
    }

    private static Dataset dataset(List<String> ids, List<double[]> profiles, List<Invoice> first,
            CustomerCategories categories, FirstInvoice encoding, ProductCategories products) {
        double[][] x = new double[ids.size()][];
        int[] y = new int[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            x[i] = encoding.encode(first.get(i), products::category);
            y[i] = categories.assign(profiles.get(i));
        }
        return new Dataset(List.copyOf(ids), x, y);
    }

    private static List<String> countries(List<Invoice> first, double minShare) {
        Map<String, Integer> count = new HashMap<>();
        for (Invoice i : first) {
            if (i.country() != null) {
                count.merge(i.country(), 1, Integer::sum);
            }
        }
        double min = Math.max(1, minShare * first.size());
        return count.entrySet().stream().filter(e -> e.getValue() >= min)
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).toList();
    }
}
