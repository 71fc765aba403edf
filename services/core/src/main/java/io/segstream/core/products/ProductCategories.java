package io.segstream.core.products;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.segstream.core.clustering.ClusterMetrics;
import io.segstream.core.clustering.KMeans;
import io.segstream.core.clustering.KSelection;
import io.segstream.core.clustering.RowMatrix;

/**
 * Product categories: each product is described by which frequent keywords its description has (0 or 1 each) and
 * by its price range (one indicator per range), the products are clustered with k-means, and k is the one with
 * the highest silhouette. A category is named by its most distinctive keywords: those whose share among the
 * category's products exceeds their share among all products by the most.
 *
 * @param keywords the keyword stems, in column order
 * @param words the word naming each keyword (its most frequent, then shortest, surface form)
 * @param priceEdges upper bounds of the price ranges but the last (prices at an edge go to the next range)
 * @param categoryOf the category of every product code
 * @param names one name per category: its top keywords joined by " / "
 * @param topKeywords per category, up to five words, most distinctive first
 * @param sizes products per category
 * @param silhouette the silhouette per k tried, in k order
 * @param k the chosen number of categories
 */
public record ProductCategories(List<String> keywords, List<String> words, double[] priceEdges,
                                Map<String, Integer> categoryOf, List<String> names,
                                List<List<String>> topKeywords, int[] sizes, Map<Integer, Double> silhouette, int k) {

    /**
     * Fitting options.
     *
     * @param minK smallest number of categories, at least 2
     * @param maxK largest number of categories
     * @param minShare a keyword is kept when at least this share of products has it (and at least 5 products)
     * @param priceEdges the price range bounds, increasing
     * @param nInit k-means restarts per k
     * @param silhouetteRows above this many products the silhouette is that of a seeded sample of this many
     * @param seed the seed of k-means and of the silhouette sample
     */
    public record Options(int minK, int maxK, double minShare, double[] priceEdges, int nInit, int silhouetteRows,
                          long seed) {
        /** Validates. */
        public Options {
            if (minK < 2 || maxK < minK || !(minShare > 0 && minShare < 1) || nInit < 1) {
                throw new IllegalArgumentException("invalid product category options");
            }
            for (int i = 1; i < priceEdges.length; i++) {
                if (!(priceEdges[i] > priceEdges[i - 1])) {
                    throw new IllegalArgumentException("price edges must increase");
                }
            }
            priceEdges = priceEdges.clone();
        }

        /**
         * @return 3 to 8 categories; keywords in at least 0.3% of products; price ranges at 1, 2, 3, 5 and 10 in
         *     the shop's currency; 4 restarts; silhouette on at most 2,000 products; seed 0
         */
        public static Options defaults() {
            return new Options(3, 8, 0.003, new double[] {1, 2, 3, 5, 10}, 4, 2_000, 0);
        }
    }

    /** Copies the arrays and collections. */
    public ProductCategories {
        keywords = List.copyOf(keywords);
        words = List.copyOf(words);
        priceEdges = priceEdges.clone();
        categoryOf = Map.copyOf(categoryOf);
        names = List.copyOf(names);
        topKeywords = topKeywords.stream().map(List::copyOf).toList();
        sizes = sizes.clone();
        silhouette = Map.copyOf(silhouette);
    }

    /**
     * Fits the categories.
     *
     * @param products the products, more than {@code options.maxK()} of them
     * @param options the options
     * @return the categories
     */
    public static ProductCategories fit(List<ProductCatalog.Product> products, Options options) {
        int n = products.size();
        if (n <= options.maxK()) {
            throw new IllegalArgumentException("Need more than " + options.maxK() + " products, got " + n);
        }
        List<List<ProductText.Word>> described = new ArrayList<>(n);
        Map<String, Integer> productsWith = new HashMap<>();
        Map<String, Map<String, Integer>> surface = new HashMap<>();
        try (ProductText text = new ProductText()) {
            for (ProductCatalog.Product p : products) {
                List<ProductText.Word> ws = text.words(p.description());
                described.add(ws);
                ws.stream().map(ProductText.Word::stem).distinct().forEach(s -> productsWith.merge(s, 1, Integer::sum));
                for (ProductText.Word w : ws) {
                    surface.computeIfAbsent(w.stem(), s -> new HashMap<>()).merge(w.word(), 1, Integer::sum);
                }
            }
        }
        long minProducts = Math.max(5, Math.round(options.minShare() * n));
        List<String> keywords = productsWith.entrySet().stream().filter(e -> e.getValue() >= minProducts)
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).toList();
        Map<String, Integer> column = new HashMap<>();
        for (int j = 0; j < keywords.size(); j++) {
            column.put(keywords.get(j), j);
        }
        double[] edges = options.priceEdges();
        int d = keywords.size() + edges.length + 1;
        double[] values = new double[n * d];
        for (int i = 0; i < n; i++) {
            for (ProductText.Word w : described.get(i)) {
                Integer j = column.get(w.stem());
                if (j != null) {
                    values[i * d + j] = 1;
                }
            }
            values[i * d + keywords.size() + priceRange(edges, products.get(i).meanPrice())] = 1;
        }
        RowMatrix x = RowMatrix.of(n, d, values);
        KSelection sweep = KSelection.fit(x, new KSelection.Options(options.minK(), options.maxK(),
                KMeans.Options.of(options.minK()).withNInit(options.nInit()).withSeed(options.seed()),
                new ClusterMetrics.SilhouetteOptions(options.silhouetteRows(), options.seed())));
        int k = sweep.bestK();
        int[] labels = sweep.entries().get(k - options.minK()).model().labels();
        Map<Integer, Double> silhouette = new LinkedHashMap<>();
        sweep.entries().forEach(e -> silhouette.put(e.k(), e.scores().silhouette()));

        List<String> words = keywords.stream().map(s -> surface.get(s).entrySet().stream()
                .min(Map.Entry.<String, Integer>comparingByValue().reversed()
                        .thenComparingInt(e -> e.getKey().length()).thenComparing(Map.Entry.comparingByKey()))
                .orElseThrow().getKey()).toList();
        int[] sizes = new int[k];
        double[][] share = new double[k][keywords.size()];
        double[] overall = new double[keywords.size()];
        Map<String, Integer> categoryOf = new HashMap<>();
        for (int i = 0; i < n; i++) {
            sizes[labels[i]]++;
            categoryOf.put(products.get(i).stockCode(), labels[i]);
            for (int j = 0; j < keywords.size(); j++) {
                share[labels[i]][j] += values[i * d + j];
                overall[j] += values[i * d + j];
            }
        }
        List<List<String>> top = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            double[] lift = new double[keywords.size()];
            for (int j = 0; j < keywords.size(); j++) {
                lift[j] = share[c][j] / Math.max(1, sizes[c]) - overall[j] / n;
            }
            List<String> best = topColumns(lift, 5).stream().map(words::get).toList();
            top.add(best);
            String name = best.isEmpty() ? "other" : String.join(" / ", best.subList(0, Math.min(3, best.size())));
            names.add(unique(name, names, c));
        }
        return new ProductCategories(keywords, words, edges, categoryOf, names, top, sizes, silhouette, k);
    }

    /**
     * The category of a product.
     *
     * @param stockCode the product code
     * @return its category, or -1 when the product was not in the catalogue the categories were fitted on
     */
    public int category(String stockCode) {
        Integer c = categoryOf.get(stockCode);
        return c == null ? -1 : c;
    }

    /**
     * The price range of a unit price.
     *
     * @param edges the range bounds
     * @param price the price
     * @return the range index, 0..edges.length
     */
    static int priceRange(double[] edges, double price) {
        int r = 0;
        while (r < edges.length && price >= edges[r]) {
            r++;
        }
        return r;
    }

    private static List<Integer> topColumns(double[] score, int limit) {
        Integer[] order = new Integer[score.length];
        Arrays.setAll(order, j -> j);
        Arrays.sort(order, Comparator.<Integer>comparingDouble(j -> -score[j]).thenComparingInt(j -> j));
        List<Integer> out = new ArrayList<>();
        for (int j : order) {
            if (out.size() == limit || score[j] <= 0) {
                break;
            }
            out.add(j);
        }
        return out;
    }

    private static String unique(String name, List<String> taken, int index) {
        return taken.contains(name) ? name + " (" + (index + 1) + ")" : name;
    }
}
