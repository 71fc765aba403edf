package io.segstream.analysis.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.segstream.analysis.AttributePreparation;
import io.segstream.analysis.ClvScores;
import io.segstream.analysis.ClvValidation;
import io.segstream.analysis.CleaningStep;
import io.segstream.analysis.CustomerTable;
import io.segstream.analysis.Segmentation;
import io.segstream.analysis.clustering.GaussianMixture;
import io.segstream.core.clustering.KSelection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The machine-readable summary ({@code summary.json}) of an analysis. */
final class SummaryJson {

    private SummaryJson() {
    }

    static Map<String, Object> of(Analysis a) {
        Segmentation.Result r = a.segmentation();
        CustomerTable t = r.table();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("input", a.input().toString());
        root.put("format", a.format().toString());
        root.put("rows", a.rows());
        root.put("badRows", a.badRows());
        root.put("customers", t.size());
        root.put("millis", a.millis());
        List<Map<String, Object>> steps = new ArrayList<>();
        for (CleaningStep s : a.steps()) {
            steps.add(ordered("rule", s.rule(), "unit", s.unit(), "count", s.count(), "action", s.action()));
        }
        root.put("cleaning", steps);
        if (a.attributes() != null) {
            var p = a.attributes();
            root.put("attributes", ordered("imputedIncome", p.imputedIncome(), "incomeMedian", p.incomeMedian(),
                    "maritalMapped", p.maritalMapped(), "removedAge", p.removedAge(), "removedIncome",
                    p.removedIncome(), "referenceYear", AttributePreparation.REFERENCE_YEAR,
                    "latestEnrolment", p.latestEnrolment().toString(), "marital", p.maritalCounts()));
        }
        if (a.retail() != null) {
            var s = a.retail().stats();
            root.put("retail", ordered("invoices", s.invoices(), "accepted", s.accepted(), "returns", s.returns(),
                    "notSegmentable", s.notSegmentable(), "invalid", s.invalid(), "lines", s.lines(),
                    "duplicateLines", s.duplicateLines(), "feeLines", s.feeLines(), "asOfMillis",
                    a.retail().asOfMillis()));
            ClvValidation v = a.retail().clv();
            if (v != null) {
                List<Map<String, Object>> buckets = new ArrayList<>();
                for (ClvValidation.Bucket b : v.buckets()) {
                    buckets.add(ordered("repeatPurchases", b.label(), "customers", b.customers(), "meanExpected",
                            b.meanExpected(), "meanActual", b.meanActual()));
                }
                root.put("clv", ordered("calibrationStart", v.firstDay().toString(), "calibrationEnd",
                        v.calibrationEnd().toString(), "holdoutEnd", v.lastDay().toString(), "holdoutWeeks",
                        v.holdoutWeeks(), "customers", v.customers(), "bgnbd", ordered("r", v.model().r(), "alpha",
                                v.model().alpha(), "a", v.model().a(), "b", v.model().b(), "logLikelihood",
                                v.logLikelihood()), "gammaGamma", v.spend() == null ? null : ordered("p",
                                v.spend().p(), "q", v.spend().q(), "v", v.spend().v()), "expectedHoldout",
                        v.expectedTotal(), "actualHoldout", v.actualTotal(), "meanAbsoluteError",
                        v.meanAbsoluteError(), "buckets", buckets));
            }
            ClvScores scores = a.retail().scores();
            if (scores != null) {
                List<Map<String, Object>> segments = new ArrayList<>();
                List<ClvScores.SegmentValue> values = scores.bySegment(r.labels(), r.segments().size());
                for (int c = 0; c < values.size(); c++) {
                    ClvScores.SegmentValue sv = values.get(c);
                    segments.add(ordered("segment", r.segments().get(c).name(), "customers", sv.customers(),
                            "meanPAlive", sv.meanPAlive(), "meanExpectedPurchases", sv.meanExpected(),
                            "meanValue", sv.meanValue(), "totalValue", sv.totalValue()));
                }
                var m = scores.model();
                root.put("lifetimeValues", ordered("bgnbd", ordered("r", m.purchases().r(), "alpha",
                        m.purchases().alpha(), "a", m.purchases().a(), "b", m.purchases().b(), "logLikelihood",
                        scores.purchasesLogLikelihood()), "gammaGamma", ordered("p", m.spend().p(), "q",
                        m.spend().q(), "v", m.spend().v()), "outlookDays", m.outlookDays(), "horizonMonths",
                        m.horizonMonths(), "monthlyDiscount", m.monthlyDiscount(), "segments", segments));
            }
            root.put("interest", InterestSections.json(a.retail().interests()));
        }
        root.put("features", t.columns());
        KSelection k = r.kSelection();
        List<Map<String, Object>> perK = new ArrayList<>();
        for (KSelection.Entry e : k.entries()) {
            perK.add(ordered("k", e.k(), "inertia", e.inertia(), "silhouette", e.scores().silhouette(),
                    "calinskiHarabasz", e.scores().calinskiHarabasz(), "daviesBouldin", e.scores().daviesBouldin()));
        }
        root.put("kmeans", ordered("chosenK", r.chosenK(), "elbowK", k.elbowK(), "perK", perK));
        Segmentation.KChoice choice = r.kChoice();
        Map<String, Object> silhouette = new LinkedHashMap<>();
        for (KSelection.Entry e : k.entries()) {
            silhouette.put(String.valueOf(e.k()), e.scores().silhouette());
        }
        root.put("kSelection", ordered("range", List.of(choice.minK(), choice.maxK()), "chosen", choice.chosen(),
                "silhouetteBest", choice.silhouetteBest(), "silhouette", silhouette));
        root.put("dbscan", ordered("eps", r.dbscan().eps(), "minSamples", r.dbscan().minSamples(), "clusters",
                r.dbscan().partition().k(), "noise", r.dbscan().partition().noise()));
        root.put("gaussianMixture", mixture(r.mixture()));
        List<Map<String, Object>> algorithms = new ArrayList<>();
        for (Segmentation.Algorithm al : r.algorithms()) {
            algorithms.add(ordered("name", al.name(), "parameters", al.parameters(), "clusters", al.clusters(),
                    "sizes", al.sizes(), "noise", al.noise(), "noiseShare", al.noiseShare(), "silhouette",
                    Double.isNaN(al.silhouette()) ? null : al.silhouette(), "millis", al.millis()));
        }
        root.put("algorithms", algorithms);
        List<Map<String, Object>> segments = new ArrayList<>();
        for (Segmentation.Segment s : r.segments()) {
            Map<String, Object> means = new LinkedHashMap<>();
            for (int j = 0; j < t.columns().size(); j++) {
                means.put(t.columns().get(j), s.means()[j]);
            }
            for (int j = 0; j < t.extraColumns().size(); j++) {
                means.put(t.extraColumns().get(j), s.extraMeans()[j]);
            }
            segments.add(ordered("id", s.id(), "name", s.name(), "size", s.size(), "share",
                    (double) s.size() / t.size(), "means", means));
        }
        root.put("segments", segments);
        return root;
    }

    /**
     * The mixture sweep: the best k, the BIC convention and, per k, its BIC or, where the fit failed, null and the
     * reason.
     */
    static Map<String, Object> mixture(Segmentation.MixtureSweep m) {
        List<Object> perK = new ArrayList<>();
        for (int i = 0; i < m.ks().length; i++) {
            double b = m.bic()[i];
            perK.add(ordered("k", m.ks()[i], "bic", Double.isNaN(b) ? null : b, "failure",
                    m.failures().get(i).isEmpty() ? null : m.failures().get(i)));
        }
        return ordered("bestK", m.bestK(), "criterion", "BIC = -2 logL + p ln n, lower is better", "ridge",
                GaussianMixture.DEFAULT_RIDGE, "perK", perK);
    }

    static void write(Analysis a, Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), of(a));
    }

    /** A JSON object with its keys in the order given: alternating key, value. */
    static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
