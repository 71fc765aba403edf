package io.segstream.core.interest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

import io.segstream.core.clustering.ClusterMetrics;
import io.segstream.core.clustering.FeatureTransform;
import io.segstream.core.clustering.KMeans;
import io.segstream.core.clustering.KSelection;
import io.segstream.core.invoice.Invoice;
import io.segstream.core.invoice.InvoiceLine;

/**
 * Customer (interest) categories, built as the reference notebooks build them: a customer is described by the
 * share of their spend in each product category and by their mean basket value (log), the columns are
 * standardised, and k-means with k chosen by silhouette groups the customers. A category is named after the
 * product category with the largest spend share at its centroid and its basket level (small, mid, large: the
 * centroid's mean basket against the customers' terciles).
 *
 * @param transform the standardisation of the profile columns (categories shares, then log mean basket)
 * @param centroids the centroids in standardised units
 * @param names one name per category
 * @param sizes customers per category in the fit
 * @param silhouette silhouette per k tried
 * @param k the chosen number of categories
 */
public record CustomerCategories(FeatureTransform transform, double[][] centroids, List<String> names, int[] sizes,
                                 Map<Integer, Double> silhouette, int k) {
    /** Above this many customers the silhouette that picks k is that of a seeded sample of this many. */
    public static final int SILHOUETTE_ROWS = 2_000;

    /** Copies. */
    public CustomerCategories {
        centroids = Arrays.stream(centroids).map(double[]::clone).toArray(double[][]::new);
        names = List.copyOf(names);
        sizes = sizes.clone();
        silhouette = Map.copyOf(silhouette);
    }

    /**
     * The profile of a customer: spend share per product category, then log1p of the mean basket value.
     *
     * @param invoices the customer's invoices (those that do not {@link FirstInvoice#counts count} are skipped)
     * @param categories the number of product categories
     * @param categoryOf a stock code's category, -1 when unknown
     * @return the profile, {@code categories + 1} values; null when no invoice counts
     */
    public static double[] profile(List<Invoice> invoices, int categories, ToIntFunction<String> categoryOf) {
        double[] p = new double[categories + 1];
        double total = 0;
        double known = 0;
        int baskets = 0;
        for (Invoice invoice : invoices) {
            if (!FirstInvoice.counts(invoice)) {
                continue;
            }
            baskets++;
            for (InvoiceLine line : invoice.lines()) {
                if (FirstInvoice.sold(line)) {
                    double amount = line.amountE4() / 10_000.0;
                    total += amount;
                    int c = categoryOf.applyAsInt(line.stockCode());
                    if (c >= 0 && c < categories) {
                        p[c] += amount;
                        known += amount;
                    }
                }
            }
        }
        if (baskets == 0) {
            return null;
        }
        for (int c = 0; c < categories; c++) {
            p[c] = known > 0 ? p[c] / known : 0;
        }
        p[categories] = Math.log1p(total / baskets);
        return p;
    }

    /**
     * Clusters the customers.
     *
     * @param profiles one {@link #profile} per customer
     * @param productCategoryNames the product categories' names, for the category names
     * @param minK smallest k
     * @param maxK largest k
     * @param seed the seed
     * @return the categories
     */
    public static CustomerCategories fit(double[][] profiles, List<String> productCategoryNames, int minK, int maxK,
            long seed) {
        int d = profiles[0].length;
        FeatureTransform transform = FeatureTransform.fit(profiles,
                new FeatureTransform.Options(new boolean[d], FeatureTransform.Scaling.STANDARD));
        KSelection sweep = KSelection.fit(transform.apply(profiles), new KSelection.Options(minK, maxK,
                KMeans.Options.of(minK).withNInit(4).withSeed(seed),
                new ClusterMetrics.SilhouetteOptions(SILHOUETTE_ROWS, seed)));
        int k = sweep.bestK();
        KMeans model = sweep.entries().get(k - minK).model();
        int[] sizes = new int[k];
        for (int label : model.labels()) {
            sizes[label]++;
        }
        double[] basket = new double[profiles.length];
        for (int i = 0; i < profiles.length; i++) {
            basket[i] = profiles[i][d - 1];
        }
        Arrays.sort(basket);
        double low = FeatureTransform.quantile(basket, 1 / 3.0);
        double high = FeatureTransform.quantile(basket, 2 / 3.0);
        List<String> names = new ArrayList<>();
        for (double[] z : model.centroids()) {
            double[] c = transform.invert(z, new double[d]);
            int top = 0;
            for (int j = 1; j < d - 1; j++) {
                if (c[j] > c[top]) {
                    top = j;
                }
            }
            String level = c[d - 1] < low ? "small" : c[d - 1] < high ? "mid" : "large";
            String name = productCategoryNames.get(top).split(" / ")[0] + " buyers, " + level + " baskets";
            int n = 2;
            String unique = name;
            while (names.contains(unique)) {
                unique = name + " " + n++;
            }
            names.add(unique);
        }
        Map<Integer, Double> silhouette = new LinkedHashMap<>();
        sweep.entries().forEach(e -> silhouette.put(e.k(), e.scores().silhouette()));
        return new CustomerCategories(transform, model.centroids(), names, sizes, silhouette, k);
    }

    /**
     * The category of a profile: its nearest centroid.
     *
     * @param profile a {@link #profile}
     * @return the category
     */
    public int assign(double[] profile) {
        return KMeans.nearest(centroids, transform.apply(profile, new double[profile.length]));
    }
}
