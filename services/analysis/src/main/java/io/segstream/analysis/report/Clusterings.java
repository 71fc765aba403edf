package io.segstream.analysis.report;

import io.segstream.analysis.CustomerTable;
import io.segstream.analysis.Dendrogram;
import io.segstream.analysis.Segmentation;
import io.segstream.analysis.clustering.GaussianMixture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/** Report sections of the clustering algorithms, their comparison and the segment profiles. */
final class Clusterings {

    private Clusterings() {
    }

    static void ward(Html h, Segmentation.Result r) {
        int k = r.chosenK();
        h.section("ward", "Ward hierarchical clustering", "Agglomerative clustering with Ward linkage on all "
                + Html.n(r.table().size()) + " customers, cut at the k-means k = " + k + ". The dendrogram is drawn "
                + "for a seeded sample of " + r.dendrogram().leaves() + " customers (all customers would be "
                + "unreadable); the dashed line cuts the sample's tree into " + k + " clusters.");
        List<Dendrogram.Link> links = r.dendrogram().links();
        double cut = links.size() >= k ? (links.get(links.size() - k).height() + links.get(links.size() - k + 1)
                .height()) / 2 : 0;
        h.figure(Charts.dendrogram("Ward dendrogram (sample)", r.dendrogram(), cut), "Ward dendrogram", null);
        h.p("Cluster sizes at k = " + k + ": " + sizes(r.ward().labels(), r.ward().k()) + ".").end();
    }

    static void dbscan(Html h, Segmentation.Result r) {
        Segmentation.Dbscan d = r.dbscan();
        h.section("dbscan", "DBSCAN", String.format(Locale.ROOT, "Each customer's distance to its %d-th nearest "
                + "neighbour, sorted: a customer is a core point when this distance is at most eps (min_samples = "
                + "%d counts the customer itself, as in scikit-learn). eps is taken at the knee of the curve: "
                + "<b>eps = %.3f</b>.", d.minSamples() - 1, d.minSamples(), d.eps()));
        double[] x = new double[d.kDistances().length];
        Arrays.setAll(x, i -> i);
        int at = Arrays.binarySearch(d.kDistances(), d.eps());
        h.figure(Charts.lineWithMark("k-distance curve", "customers (sorted)", (d.minSamples() - 1)
                + "-NN distance", x, d.kDistances(), Math.max(at, 0), d.eps(), "eps (knee)"), "k-distance plot", null);
        h.p(String.format(Locale.ROOT, "%d clusters, %s customers labelled noise (%s). Sizes: %s.",
                d.partition().k(), Html.n(d.partition().noise()),
                Html.pct((double) d.partition().noise() / r.table().size()),
                sizes(d.partition().labels(), d.partition().k()))).end();
    }

    static void hdbscan(Html h) {
        h.section("hdbscan", "HDBSCAN: not offered", null);
        h.p("HDBSCAN is left out on purpose. Smile 6.3.0's <code>smile.clustering.HDBSCAN</code> selects clusters "
                + "on the uncondensed single-linkage tree and lets the root compete, so customers peeling off one at "
                + "a time make every real cluster's stability tiny: on Online Retail it returns a single cluster. "
                + "scikit-learn's and the hdbscan library's condensed-tree selection would be needed; rather than "
                + "show a misleading result, the report shows none.").end();
    }

    static void mixture(Html h, Segmentation.MixtureSweep m) {
        h.section("gmm", "Gaussian mixture", String.format(Locale.ROOT, "Full-covariance Gaussian mixtures fitted "
                + "by EM (best of %d starts from seeded k-means), with %.0f%% of each feature's variance added to the "
                + "diagonal of every component's covariance so that no component collapses onto a feature that is "
                + "constant within it. k is chosen by the Bayesian information criterion BIC = -2 log L + p ln n "
                + "(p = k - 1 + k d + k d (d + 1) / 2; lower is better).", GaussianMixture.DEFAULT_N_INIT,
                GaussianMixture.DEFAULT_RIDGE * 100));
        List<Double> ks = new ArrayList<>();
        List<Double> bic = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < m.ks().length; i++) {
            boolean failed = Double.isNaN(m.bic()[i]);
            if (!failed) {
                ks.add((double) m.ks()[i]);
                bic.add(m.bic()[i]);
            }
            rows.add(List.of(String.valueOf(m.ks()[i]), failed ? "n/a" : Html.d(m.bic()[i], 0),
                    failed ? "failed: " + m.failures().get(i) : m.ks()[i] == m.bestK() ? "fitted, lowest BIC"
                            : "fitted"));
        }
        if (!ks.isEmpty()) {
            double[] x = ks.stream().mapToDouble(Double::doubleValue).toArray();
            double[] y = bic.stream().mapToDouble(Double::doubleValue).toArray();
            int best = ks.indexOf((double) m.bestK());
            h.figure(Charts.lineWithMark("BIC over k", "k", "BIC (lower is better)", x, y, x[best], y[best],
                    "best k=" + m.bestK()), "BIC over k", null);
            h.p("Best k = " + m.bestK() + "; sizes: " + sizes(m.partition().labels(), m.partition().k()) + ".");
        }
        h.table(List.of("k", "BIC", "fit"), rows);
        h.end();
    }

    static void comparison(Html h, Segmentation.Result r) {
        h.section("compare", "Comparison of the algorithms", "Silhouette on the transformed features (for DBSCAN "
                + "over the non-noise customers only); run time of one fit.");
        List<List<String>> rows = new ArrayList<>();
        for (Segmentation.Algorithm a : r.algorithms()) {
            rows.add(List.of(a.name(), a.parameters(), String.valueOf(a.clusters()), Html.d(a.silhouette(), 4),
                    Html.pct(a.noiseShare()), sizes(a.sizes()), Html.n(a.millis()) + " ms"));
        }
        h.table(List.of("algorithm", "parameters", "clusters", "silhouette", "noise", "sizes", "time"), rows).end();
    }

    static void segments(Html h, Segmentation.Result r) {
        CustomerTable t = r.table();
        List<String> names = r.segments().stream().map(Segmentation.Segment::name).toList();
        h.section("segments", "Segments", "The k-means segments (k = " + r.chosenK() + ") with their mean profile "
                + "in original units; names from recency, frequency and monetary ranks (segstream's SegmentNamer).");
        List<String> header = new ArrayList<>(List.of("segment", "customers", "share"));
        header.addAll(t.columns());
        header.addAll(t.extraColumns());
        List<List<String>> rows = new ArrayList<>();
        for (Segmentation.Segment s : r.segments()) {
            List<String> row = new ArrayList<>(List.of(s.id() + " " + s.name(), Html.n(s.size()),
                    Html.pct((double) s.size() / t.size())));
            for (double v : s.means()) {
                row.add(Html.d(v, Math.abs(v) >= 100 ? 0 : 1));
            }
            for (double v : s.extraMeans()) {
                row.add(Html.pct(v));
            }
            rows.add(row);
        }
        h.table(header, rows);
        Map<String, double[]> snake = new LinkedHashMap<>();
        for (Segmentation.Segment s : r.segments()) {
            snake.put(s.name(), s.standardized());
        }
        h.figure(Charts.categoryLines("Snake plot: standardized feature means per segment", "feature",
                "mean (standardized)", t.columns(), snake), "snake plot", null);
        int[] sample = sample(t.size(), 5000);
        double[][] pts = new double[sample.length][];
        int[] labels = new int[sample.length];
        for (int i = 0; i < sample.length; i++) {
            pts[i] = r.pca()[sample[i]];
            labels[i] = r.labels()[sample[i]];
        }
        h.figure(Charts.scatter(String.format(Locale.ROOT, "PCA of the transformed features (PC1 %.0f%%, PC2 %.0f%%"
                + " of variance)", r.pcaExplained()[0] * 100, r.pcaExplained()[1] * 100), "PC1", "PC2", pts, labels,
                names), "PCA scatter coloured by segment", sample.length < t.size()
                ? "A seeded sample of " + sample.length + " customers." : null).end();
    }

    private static int[] sample(int n, int m) {
        if (n <= m) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        return new Random(0).ints(0, n).distinct().limit(m).sorted().toArray();
    }

    static String sizes(int[] labels, int k) {
        return sizes(count(labels, k));
    }

    private static int[] count(int[] labels, int k) {
        int[] s = new int[k];
        for (int l : labels) {
            if (l >= 0) {
                s[l]++;
            }
        }
        return s;
    }

    static String sizes(int[] sizes) {
        return Arrays.stream(sizes).boxed().sorted((a, b) -> b - a).map(Html::n).collect(Collectors.joining(", "));
    }
}
