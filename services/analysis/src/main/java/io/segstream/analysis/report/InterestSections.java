package io.segstream.analysis.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.segstream.analysis.interest.InterestEvaluation;
import io.segstream.analysis.interest.Interests;
import io.segstream.core.interest.CustomerCategories;
import io.segstream.core.interest.InterestFit;
import io.segstream.core.products.ProductCategories;

/** The report's product categories, interest categories and interest-prediction sections, and their JSON. */
final class InterestSections {

    private InterestSections() {
    }

    static void render(Html h, Interests interests) {
        h.section("interest", "Product categories and interest prediction", "Product descriptions are analysed "
                + "with Lucene (standard tokenizer, lower case, English stop words, Porter stemmer); keywords in at "
                + "least 0.3% of products and six price ranges describe each product, and k-means groups the "
                + "products with k chosen by silhouette. A customer's interest category comes from the share of "
                + "their spend in each product category and their mean basket value (log), standardised and "
                + "clustered with k-means (k by silhouette, 4..8). The classifiers predict it from the customer's "
                + "first invoice only: basket value, number of lines, category shares, country, weekday and hour.");
        if (interests.evaluation() == null) {
            h.p(Html.escape("Not computed: " + interests.skipped())).end();
            return;
        }
        InterestEvaluation e = interests.evaluation();
        InterestFit.Split s = e.split();
        ProductCategories p = s.products();
        List<List<String>> rows = new ArrayList<>();
        for (int c = 0; c < p.k(); c++) {
            rows.add(List.of(String.valueOf(c), p.names().get(c), Html.n(p.sizes()[c]),
                    String.join(", ", p.topKeywords().get(c))));
        }
        h.p(Html.escape(String.format(Locale.ROOT, "%s keywords; %d product categories (silhouette %s).",
                Html.n(p.keywords().size()), p.k(), silhouettes(p.silhouette()))));
        h.table(List.of("category", "name", "products", "top keywords"), rows);

        CustomerCategories cc = s.categories();
        int pk = p.k();
        rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("interest category", "training customers"));
        for (int c = 0; c < pk; c++) {
            header.add("share: " + p.names().get(c));
        }
        header.add("mean basket");
        for (int c = 0; c < cc.k(); c++) {
            double[] centre = cc.transform().invert(cc.centroids()[c], new double[pk + 1]);
            List<String> row = new ArrayList<>(List.of(cc.names().get(c), Html.n(cc.sizes()[c])));
            for (int j = 0; j < pk; j++) {
                row.add(Html.pct(centre[j]));
            }
            row.add(Html.d(Math.expm1(centre[pk]), 0));
            rows.add(row);
        }
        h.p(Html.escape(String.format(Locale.ROOT, "%d interest categories (silhouette %s). Profiles are the "
                + "centroids in original units.", cc.k(), silhouettes(cc.silhouette()))));
        h.table(header, rows);

        h.p(Html.escape(String.format(Locale.ROOT, "Temporal split: %s training customers first bought before %s, "
                + "%s test customers first bought from then on. The interest categories are fitted on the training "
                + "customers' purchases before the cutoff; a test customer's category is the nearest centroid to "
                + "their profile over all their purchases.", Html.n(s.train().y().length),
                Instant.ofEpochMilli(s.cutoffMillis()).toString().substring(0, 10), Html.n(s.test().y().length))));
        rows = new ArrayList<>();
        for (InterestEvaluation.Result r : e.results()) {
            rows.add(List.of(r.name(), Html.d(r.accuracy(), 3), Html.d(r.macroF1(), 3), Html.n(r.millis())));
        }
        h.table(List.of("classifier", "accuracy", "macro F1", "ms"), rows);
        h.p(Html.escape("Confusion matrix of the most accurate, " + e.best() + " (rows: true category; columns: "
                + "predicted):"));
        header = new ArrayList<>(List.of("true \\ predicted"));
        header.addAll(cc.names());
        rows = new ArrayList<>();
        for (int c = 0; c < cc.k(); c++) {
            List<String> row = new ArrayList<>(List.of(cc.names().get(c)));
            for (int v : e.confusion()[c]) {
                row.add(Html.n(v));
            }
            rows.add(row);
        }
        h.table(header, rows).end();
    }

    static Map<String, Object> json(Interests interests) {
        if (interests.evaluation() == null) {
            return SummaryJson.ordered("skipped", interests.skipped());
        }
        InterestEvaluation e = interests.evaluation();
        InterestFit.Split s = e.split();
        InterestEvaluation.Result base = e.result(InterestEvaluation.BASELINE);
        List<Map<String, Object>> classifiers = new ArrayList<>();
        for (InterestEvaluation.Result r : e.results()) {
            classifiers.add(SummaryJson.ordered("name", r.name(), "accuracy", r.accuracy(), "macroF1", r.macroF1(),
                    "majorityBaselineAccuracy", base.accuracy(), "millis", r.millis()));
        }
        List<Map<String, Object>> products = new ArrayList<>();
        ProductCategories p = s.products();
        for (int c = 0; c < p.k(); c++) {
            products.add(SummaryJson.ordered("name", p.names().get(c), "products", p.sizes()[c], "keywords",
                    p.topKeywords().get(c)));
        }
        return SummaryJson.ordered("cutoff", Instant.ofEpochMilli(s.cutoffMillis()).toString(), "trainCustomers",
                s.train().y().length, "testCustomers", s.test().y().length, "majorityBaseline",
                SummaryJson.ordered("accuracy", base.accuracy(), "macroF1", base.macroF1()), "classifiers",
                classifiers, "best", e.best(), "confusion", e.confusion(), "productCategories", products,
                "interestCategories", s.categories().names());
    }

    private static String silhouettes(Map<Integer, Double> byK) {
        StringBuilder b = new StringBuilder();
        byK.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(en -> b.append(b.isEmpty() ? "" : ", ")
                .append("k=").append(en.getKey()).append(": ").append(Html.d(en.getValue(), 3)));
        return b.toString();
    }
}
