package io.segstream.analysis.interest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.segstream.core.interest.InterestFit;
import io.segstream.core.invoice.Invoice;
import io.segstream.ingest.TransactionReader;
import io.segstream.testing.TestData;

/** Interest prediction on Online Retail's temporal split: the last two months' new customers are the test set. */
class InterestEvaluationTest {
    private static InterestEvaluation evaluation;

    @BeforeAll
    static void evaluate() {
        List<Invoice> invoices = new ArrayList<>();
        try (TransactionReader reader = TransactionReader.open(TestData.onlineRetail(), null,
                TransactionReader.DEFAULT_OPEN_INVOICES)) {
            reader.forEachRemaining(invoices::add);
        }
        long last = invoices.stream().mapToLong(Invoice::invoiceTimeMillis).max().orElseThrow();
        long cutoff = InterestFit.cutoff(last, 2);
        assertEquals(Instant.parse("2011-10-01T00:00:00Z").toEpochMilli(), cutoff);
        InterestFit.Split split = InterestFit.split(invoices, cutoff, InterestFit.Options.defaults());
        evaluation = InterestEvaluation.run(split, InterestFit.Options.defaults().lambda(), 0, System.out::println);
        System.out.println("product categories " + split.products().names() + " sizes "
                + java.util.Arrays.toString(split.products().sizes()) + " silhouette " + split.products().silhouette());
        System.out.println("customer categories " + split.categories().names() + " sizes "
                + java.util.Arrays.toString(split.categories().sizes()) + " silhouette "
                + split.categories().silhouette());
        System.out.println("train " + split.train().y().length + " test " + split.test().y().length);
    }

    @Test
    void theBestClassifierReachesTheIssuesAim() {
        var best = evaluation.result(evaluation.best());
        var base = evaluation.result(InterestEvaluation.BASELINE);
        assertTrue(best.accuracy() > 0.80, best.name() + " accuracy " + best.accuracy() + ", macro F1 "
                + best.macroF1() + "; majority class " + base.accuracy() + ", macro F1 " + base.macroF1());
        var published = evaluation.result(InterestEvaluation.PUBLISHED);
        var smile = evaluation.result("logistic regression");
        // The same model family fitted by different code: the published classifier is no worse than Smile's.
        assertTrue(published.accuracy() > smile.accuracy() - 0.02, published.accuracy() + " vs " + smile.accuracy());
    }

    @Test
    void everyClassifierBeatsTheMajorityClassClearly() {
        var base = evaluation.result(InterestEvaluation.BASELINE);
        for (var r : evaluation.results()) {
            if (r != base) {
                assertTrue(r.accuracy() > base.accuracy() + 0.2, r.name() + " accuracy " + r.accuracy()
                        + " against the majority class's " + base.accuracy());
                assertTrue(r.macroF1() > base.macroF1() + 0.3, r.name() + " macro F1 " + r.macroF1()
                        + " against the majority class's " + base.macroF1());
            }
        }
    }
}
