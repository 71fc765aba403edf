package io.segstream.trainer.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneOffset;

import io.segstream.core.clv.ClvFit;
import io.segstream.trainer.RetailData;
import org.junit.jupiter.api.Test;

/**
 * The lifetime-value fit on the snapshots a replay of Online Retail produces month by month: every one gives a fit
 * the stream can use. Several of them have no visible drop-out, where the unconstrained maximum runs off to
 * a, b -> 0 and the formulas cannot be evaluated; the fit keeps a + b at least 1.001 for them.
 */
class LifetimeValueFitTest {

    @Test
    void givenEveryMonthOfOnlineRetail_whenFitted_thenAUsableFitEachTime() {
        for (LocalDate cutoff = LocalDate.of(2011, 2, 1); cutoff.isBefore(LocalDate.of(2011, 12, 10));
                cutoff = cutoff.plusMonths(1)) {
            long millis = cutoff.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
            var snapshot = RetailData.snapshot(RetailData.featuresUpTo(millis));
            ClvFit.LifetimeFit fit = LifetimeValueFit.fit(snapshot).orElseThrow(
                    () -> new AssertionError("no usable fit up to " + millis));
            var model = fit.model();
            assertTrue(model.purchases().a() + model.purchases().b() >= 1.001 - 1e-9, fit.toString());
            assertTrue(Double.isFinite(fit.purchases().logLikelihood()), fit.toString());
        }
    }
}
