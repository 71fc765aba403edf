package io.segstream.analysis.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.segstream.analysis.AttributePreparation;
import io.segstream.analysis.CleaningStep;
import io.segstream.analysis.ClvScores;
import io.segstream.analysis.ClvValidation;
import io.segstream.analysis.CustomerTable;
import io.segstream.analysis.RetailEda;
import io.segstream.analysis.Segmentation;
import io.segstream.core.clustering.KSelection;
import io.segstream.core.clv.BgNbd;
import io.segstream.ingest.BadRow;

/** The self-contained HTML report: charts embedded as PNG data URIs, no external resource. */
final class HtmlReport {

    private HtmlReport() {
    }

    static String render(Analysis a) {
        Segmentation.Result r = a.segmentation();
        CustomerTable t = r.table();
        Html h = new Html();
        h.raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>segstream analysis: ")
                .text(a.input().getFileName().toString()).raw("</title><style>").raw(Style.CSS).raw("</style><script>")
                .raw(Style.CHECK).raw("</script></head><body><header><h1>Customer segmentation report</h1><p>")
                .text(a.input().getFileName() + " · format " + a.format() + " · " + Html.n(a.rows()) + " rows · "
                        + "analysed in " + Html.d(a.millis() / 1000.0, 1) + " s by segstream analyze")
                .raw("</p></header><nav>");
        for (String[] s : List.of(new String[] {"cleaning", "Data preparation"}, new String[] {"eda", "Exploration"},
                new String[] {"features", "Features"}, new String[] {"kselect", "k selection"},
                new String[] {"ward", "Ward"}, new String[] {"dbscan", "DBSCAN"}, new String[] {"hdbscan", "HDBSCAN"},
                new String[] {"gmm", "Gaussian mixture"}, new String[] {"compare", "Comparison"},
                new String[] {"segments", "Segments"}, new String[] {"clv", "Lifetime value"},
                new String[] {"interest", "Interests"})) {
            h.raw("<a href=\"#" + s[0] + "\">" + s[1] + "</a>");
        }
        h.raw("</nav><main>");
        Segmentation.Algorithm km = r.algorithms().getFirst();
        h.cards(List.of(new String[] {Html.n(t.size()), "customers segmented"},
                new String[] {String.valueOf(r.chosenK()), "segments (k by silhouette in " + r.kChoice().minK()
                        + ".." + r.kChoice().maxK() + ")"},
                new String[] {Html.d(km.silhouette(), 3), "silhouette of k-means"},
                new String[] {Html.n(a.badRows()), "unparsable rows"}));
        cleaning(h, a);
        if (a.retail() != null) {
            RetailSections.eda(h, a.retail().eda());
        } else {
            attributesEda(h, a.attributes());
        }
        features(h, r);
        kSelection(h, r);
        Clusterings.ward(h, r);
        Clusterings.dbscan(h, r);
        Clusterings.hdbscan(h);
        Clusterings.mixture(h, r.mixture());
        Clusterings.comparison(h, r);
        Clusterings.segments(h, r);
        if (a.retail() != null) {
            RetailSections.clv(h, a.retail().clv(), a.retail().scores(), r);
            InterestSections.render(h, a.retail().interests());
        }
        h.raw("</main><footer>segstream · features and transform as in the scikit-learn reference "
                + "(log1p of values clipped at 0, then standard scaling) · k-means from segstream core, the Gaussian "
                + "mixture (EM with a covariance ridge) from segstream analysis, Ward and DBSCAN from Smile 6.3.0 · charts by XChart</footer></body></html>");
        return h.toString();
    }

    private static void cleaning(Html h, Analysis a) {
        h.section("cleaning", "Data preparation", "Each rule is counted once; rules that keep the records say so.");
        List<List<String>> rows = new ArrayList<>();
        for (CleaningStep s : a.steps()) {
            rows.add(List.of(s.rule(), Html.n(s.count()), s.unit(), s.action()));
        }
        h.table(List.of("rule", "count", "unit", "action"), rows);
        if (a.retail() != null) {
            var s = a.retail().stats();
            h.p(String.format(Locale.ROOT, "%s rows read as %s invoices: %s sales, %s returns, %s without customer, "
                    + "%s invalid. Features as of the latest invoice; %s customers remain.", Html.n(a.rows()),
                    Html.n(s.invoices()), Html.n(s.accepted()), Html.n(s.returns()), Html.n(s.notSegmentable()),
                    Html.n(s.invalid()), Html.n(a.segmentation().table().size())));
        } else {
            AttributePreparation p = a.attributes();
            h.p(String.format(Locale.ROOT, "%s rows read; %s customers remain. Age is %d − Year_Birth (%d is the "
                    + "year of the latest enrolment, %s); tenure counts days from Dt_Customer to that date.",
                    Html.n(a.rows()), Html.n(p.table().size()), AttributePreparation.REFERENCE_YEAR,
                    AttributePreparation.REFERENCE_YEAR, p.latestEnrolment()));
        }
        if (!a.badRowSamples().isEmpty()) {
            List<List<String>> bad = new ArrayList<>();
            for (BadRow b : a.badRowSamples()) {
                bad.add(List.of(Html.n(b.lineNumber()), b.reason()));
            }
            h.p("First unparsable rows:").table(List.of("line", "problem"), bad);
        }
        h.end();
    }

    private static void attributesEda(Html h, AttributePreparation p) {
        h.section("eda", "Exploration", "Distributions after preparation (upper 1% clipped in the histograms).");
        CustomerTable t = p.table();
        List<String> imgs = new ArrayList<>();
        List<String> alts = new ArrayList<>();
        for (String c : List.of("income", "age", "total_spent", "purchases", "tenure_days", "recency")) {
            imgs.add(Charts.histogram(c, c, t.column(t.columns().indexOf(c)), 30, 0.99, 430, 280));
            alts.add("distribution of " + c);
        }
        h.grid(imgs, alts);
        Map<String, Long> marital = p.maritalCounts();
        h.figure(Charts.bars("Customers by marital status (Alone, Absurd, YOLO mapped to Single)", "status",
                "customers", List.copyOf(marital.keySet()),
                marital.values().stream().mapToDouble(Long::doubleValue).toArray()), "marital status", null);
        double[] edu = new double[5];
        for (double v : t.column(t.columns().indexOf("education"))) {
            edu[(int) v]++;
        }
        h.figure(Charts.bars("Customers by education (ordinal code)", "education", "customers",
                List.of("0 Basic", "1 2n Cycle", "2 Graduation", "3 Master", "4 PhD"), edu), "education", null);
        h.end();
    }

    private static void features(Html h, Segmentation.Result r) {
        CustomerTable t = r.table();
        h.section("features", "Features", "One row per customer in original units, then the transform the "
                + "clustering sees: log1p where marked, then standard scaling (mean 0, standard deviation 1).");
        List<List<String>> rows = new ArrayList<>();
        boolean[] log = t.log1p();
        for (int j = 0; j < t.columns().size(); j++) {
            double[] c = t.column(j);
            double[] s = c.clone();
            Arrays.sort(s);
            double mean = Arrays.stream(c).average().orElse(0);
            double sd = Math.sqrt(Arrays.stream(c).map(v -> (v - mean) * (v - mean)).sum() / c.length);
            rows.add(List.of(t.columns().get(j), Html.d(mean, 2), Html.d(sd, 2), Html.d(s[0], 2),
                    Html.d(s[s.length / 2], 2), Html.d(s[s.length - 1], 2), log[j] ? "log1p + scale" : "scale"));
        }
        h.table(List.of("feature", "mean", "std", "min", "median", "max", "transform"), rows);
        List<String> imgs = new ArrayList<>();
        List<String> alts = new ArrayList<>();
        for (int j = 0; j < t.columns().size(); j++) {
            String name = t.columns().get(j);
            double[] z = new double[t.size()];
            for (int i = 0; i < z.length; i++) {
                z[i] = r.scaled()[i][j];
            }
            imgs.add(Charts.histogram(name + " (raw, top 1% clipped)", name, t.column(j), 30, 0.99, 430, 260));
            imgs.add(Charts.histogram(name + " (transformed)", "z", z, 30, 1, 430, 260));
            alts.add(name + " before transform");
            alts.add(name + " after transform");
        }
        h.grid(imgs, alts).end();
    }

    private static void kSelection(Html h, Segmentation.Result r) {
        KSelection s = r.kSelection();
        Segmentation.KChoice c = r.kChoice();
        String pure = c.silhouetteBest() == c.chosen() ? "which is also the highest silhouette over the whole curve"
                : String.format(Locale.ROOT, "while over the whole curve (k = %d..%d) the silhouette is highest at "
                        + "<b>k = %d</b>: correct by the index, but fewer groups than a marketer acts on",
                        Segmentation.CURVE_MIN_K, Segmentation.CURVE_MAX_K, c.silhouetteBest());
        h.section("kselect", "k selection for k-means", String.format(Locale.ROOT, "k-means++ with "
                + "restarts per k, the best run kept (as scikit-learn's n_init), for k = %d..%d. The chosen "
                + "<b>k = %d</b> has the highest silhouette within %d..%d (the range of named segments, "
                + "<code>--min-k</code>/<code>--max-k</code>), %s. The knee of the inertia curve is at k = %d.",
                s.entries().getFirst().k(), s.entries().getLast().k(), c.chosen(), c.minK(), c.maxK(), pure,
                s.elbowK()));
        int m = s.entries().size();
        double[] ks = new double[m];
        double[] inertia = new double[m];
        double[] sil = new double[m];
        double[] ch = new double[m];
        double[] db = new double[m];
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            KSelection.Entry e = s.entries().get(i);
            ks[i] = e.k();
            inertia[i] = e.inertia();
            sil[i] = e.scores().silhouette();
            ch[i] = e.scores().calinskiHarabasz();
            db[i] = e.scores().daviesBouldin();
            String mark = e.k() == c.chosen() && e.k() == c.silhouetteBest() ? "chosen, best silhouette"
                    : e.k() == c.chosen() ? "chosen" : e.k() == c.silhouetteBest() ? "best silhouette"
                    : e.k() >= c.minK() && e.k() <= c.maxK() ? "in range" : "";
            rows.add(List.of(String.valueOf(e.k()), mark, Html.d(e.inertia(), 1), Html.d(sil[i], 4),
                    Html.d(ch[i], 1), Html.d(db[i], 3)));
        }
        int first = s.entries().getFirst().k();
        int best = c.chosen() - first;
        int elbow = s.elbowK() - first;
        Map<String, Integer> silMarks = new LinkedHashMap<>();
        if (c.silhouetteBest() == c.chosen()) {
            silMarks.put("chosen k=" + c.chosen() + " (best silhouette)", best);
        } else {
            silMarks.put("chosen k=" + c.chosen() + " (best in " + c.minK() + ".." + c.maxK() + ")", best);
            silMarks.put("best silhouette k=" + c.silhouetteBest(), c.silhouetteBest() - first);
        }
        List<String> imgs = List.of(
                Charts.lineWithMark("Inertia (knee marked)", "k", "inertia", ks, inertia, ks[elbow], inertia[elbow],
                        "knee k=" + s.elbowK()),
                Charts.lineWithMarks("Silhouette (higher is better)", "k", "silhouette", ks, sil, silMarks),
                Charts.lineWithMark("Calinski-Harabasz (higher is better)", "k", "CH", ks, ch, ks[best], ch[best],
                        "chosen k"),
                Charts.lineWithMark("Davies-Bouldin (lower is better)", "k", "DB", ks, db, ks[best], db[best],
                        "chosen k"));
        h.grid(imgs, List.of("inertia over k", "silhouette over k", "Calinski-Harabasz over k",
                "Davies-Bouldin over k"));
        h.table(List.of("k", "choice", "inertia", "silhouette", "Calinski-Harabasz", "Davies-Bouldin"), rows).end();
    }

    /** EDA of transaction files. */
    static final class RetailSections {
        private RetailSections() {
        }

        static void clv(Html h, ClvValidation v, ClvScores scores, Segmentation.Result r) {
            h.section("clv", "Lifetime value model (BG/NBD + Gamma-Gamma)", "Purchases are purchase days (invoices "
                    + "of one day merged, returns left out). The model is fitted on the first three quarters of the "
                    + "file's span and predicts each customer's repeat purchase days in the last quarter, which are "
                    + "then counted, as in Fader, Hardie and Lee (2005), Figure 3.");
            if (v == null) {
                h.p("Calibration and holdout not computed: the file spans too little time (or no customer bought in "
                        + "the calibration period).");
                segmentValues(h, scores, r);
                h.end();
                return;
            }
            BgNbd m = v.model();
            h.p(Html.escape(String.format(Locale.ROOT, "Calibration %s to %s, holdout to %s (%.1f weeks); %s "
                            + "customers. BG/NBD r = %.4f, alpha = %.4f, a = %.4f, b = %.4f, log-likelihood %.1f.",
                    v.firstDay(), v.calibrationEnd(), v.lastDay(), v.holdoutWeeks(), Html.n(v.customers()), m.r(),
                    m.alpha(), m.a(), m.b(), v.logLikelihood()))
                    + (v.spend() == null ? "" : Html.escape(String.format(Locale.ROOT,
                            " Gamma-Gamma p = %.3f, q = %.3f, v = %.3f.", v.spend().p(), v.spend().q(),
                            v.spend().v()))));
            List<List<String>> rows = new ArrayList<>();
            for (ClvValidation.Bucket b : v.buckets()) {
                rows.add(List.of(b.label(), Html.n(b.customers()), Html.d(b.meanExpected(), 3),
                        Html.d(b.meanActual(), 3)));
            }
            rows.add(List.of("all", Html.n(v.customers()), Html.d(v.expectedTotal() / v.customers(), 3),
                    Html.d(v.actualTotal() / (double) v.customers(), 3)));
            h.table(List.of("repeat purchases in calibration", "customers", "predicted in holdout (mean)",
                    "counted in holdout (mean)"), rows);
            h.p(Html.escape(String.format(Locale.ROOT, "Holdout total: predicted %.0f, counted %s repeat purchase "
                    + "days; per-customer mean absolute error %.3f.", v.expectedTotal(), Html.n(v.actualTotal()),
                    v.meanAbsoluteError())));
            segmentValues(h, scores, r);
            h.end();
        }

        /** The lifetime values per k-means segment, scored as the stream scores them. */
        static void segmentValues(Html h, ClvScores scores, Segmentation.Result r) {
            if (scores == null) {
                h.p("No lifetime values per segment: no customer has a repeat purchase day (or the fit cannot be "
                        + "used).");
                return;
            }
            BgNbd m = scores.model().purchases();
            var spend = scores.model().spend();
            h.p(Html.escape(String.format(Locale.ROOT, "Fitted on the whole file as the trainer fits a snapshot: "
                    + "BG/NBD r = %.4f, alpha = %.4f, a = %.4f, b = %.4f; Gamma-Gamma p = %.3f, q = %.3f, v = %.3f. "
                    + "Each customer scored at the file's end as the stream scores it: P(alive), expected purchase "
                    + "days in the next %d days, and the value of the next %d months discounted at %.0f%% a month.",
                    m.r(), m.alpha(), m.a(), m.b(), spend.p(), spend.q(), spend.v(), scores.model().outlookDays(),
                    scores.model().horizonMonths(), scores.model().monthlyDiscount() * 100)));
            List<ClvScores.SegmentValue> values = scores.bySegment(r.labels(), r.segments().size());
            List<List<String>> rows = new ArrayList<>();
            for (int c = 0; c < values.size(); c++) {
                Segmentation.Segment s = r.segments().get(c);
                ClvScores.SegmentValue v = values.get(c);
                rows.add(List.of(s.id() + " " + s.name(), Html.n(v.customers()), Html.d(v.meanPAlive(), 3),
                        Html.d(v.meanExpected(), 2), Html.d(v.meanValue(), 0), Html.d(v.totalValue(), 0)));
            }
            h.table(List.of("segment", "customers with purchase days", "mean P(alive)",
                    "expected purchases, " + scores.model().outlookDays() + " days (mean)",
                    "value, " + scores.model().horizonMonths() + " months (mean)", "value (total)"), rows);
        }

        static void eda(Html h, RetailEda.Summary e) {
            h.section("eda", "Exploration", "After cleaning. Revenue and products are net of returns; invoice "
                    + "counts, baskets, order values and the weekday × hour grid count sales only. The last month may "
                    + "be partial.");
            List<RetailEda.Row> top = e.countries().subList(0, Math.min(12, e.countries().size()));
            List<String> names = top.stream().map(RetailEda.Row::key).toList();
            h.grid(List.of(
                    Charts.bars("Revenue by country (top 12)", "", "revenue", names,
                            top.stream().mapToDouble(RetailEda.Row::revenue).toArray()),
                    Charts.bars("Customers by country (top 12 by revenue)", "", "customers", names,
                            top.stream().mapToDouble(RetailEda.Row::customers).toArray())),
                    List.of("revenue by country", "customers by country"));
            List<String> months = e.months().stream().map(RetailEda.Row::key).toList();
            Map<String, double[]> rev = new LinkedHashMap<>();
            rev.put("revenue", e.months().stream().mapToDouble(RetailEda.Row::revenue).toArray());
            Map<String, double[]> inv = new LinkedHashMap<>();
            inv.put("sales invoices", e.months().stream().mapToDouble(RetailEda.Row::customers).toArray());
            h.grid(List.of(Charts.categoryLines("Monthly revenue", "month", "revenue", months, rev),
                    Charts.categoryLines("Monthly sales invoices", "month", "invoices", months, inv)),
                    List.of("monthly revenue", "monthly invoices"));
            List<List<String>> rows = new ArrayList<>();
            for (RetailEda.Row p : e.topProducts()) {
                rows.add(List.of(p.key(), Html.n(p.customers()), Html.d(p.revenue(), 2)));
            }
            h.p("Top products by revenue:").table(List.of("product", "net units", "net revenue"), rows);
            h.grid(List.of(
                    Charts.histogram("Basket size (lines per invoice, top 1% clipped)", "lines",
                            Arrays.stream(e.basketSizes()).asDoubleStream().toArray(), 30, 0.99),
                    Charts.histogram("Order value (top 1% clipped)", "order value", e.orderValues(), 30, 0.99)),
                    List.of("basket size distribution", "order value distribution"));
            List<String> hours = new ArrayList<>();
            for (int hr = 0; hr < 24; hr++) {
                hours.add(String.format(Locale.ROOT, "%02d", hr));
            }
            h.figure(Charts.heatmap("Sales invoices by weekday and hour", hours,
                    List.of("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), e.weekdayHour()),
                    "weekday by hour heatmap", "Hours are the file's local times.").end();
        }
    }
}
