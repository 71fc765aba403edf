package io.segstream.trainer.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.segstream.core.clv.ClvFit;
import io.segstream.core.clv.PurchaseHistory;
import io.segstream.core.clv.RepeatSummary;
import io.segstream.trainer.snapshot.FeatureSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits the BG/NBD and Gamma-Gamma models on a snapshot's purchase histories, observed up to the snapshot's day, for
 * the model to carry. Customers without a known history are left out. Above {@link #MAX_CUSTOMERS} histories an
 * evenly spaced subset of the sorted rows is used: the likelihood is a sum over customers, and its optimum settles
 * long before a million of them.
 */
public final class LifetimeValueFit {

    private static final Logger LOG = LoggerFactory.getLogger(LifetimeValueFit.class);
    /** Histories fitted at most. */
    static final int MAX_CUSTOMERS = 100_000;

    private LifetimeValueFit() {
    }

    /**
     * The fitted models, or empty when the snapshot cannot support them (no repeat customer, or a fit whose
     * parameters the formulas cannot use), which is logged: the segmentation model is published without them.
     */
    public static Optional<ClvFit.LifetimeFit> fit(FeatureSnapshot snapshot) {
        long endDay = PurchaseHistory.dayOf(snapshot.snapshotTimeMillis());
        List<RepeatSummary> customers = new ArrayList<>();
        int known = 0;
        for (int i = 0; i < snapshot.size(); i++) {
            known += snapshot.purchaseHistory(i) == null ? 0 : 1;
        }
        long stride = Math.max(1, (known + MAX_CUSTOMERS - 1) / MAX_CUSTOMERS);
        long seen = 0;
        for (int i = 0; i < snapshot.size(); i++) {
            PurchaseHistory h = snapshot.purchaseHistory(i);
            if (h != null && seen++ % stride == 0) {
                customers.add(h.summaryAt(endDay));
            }
        }
        long started = System.nanoTime();
        ClvFit.LifetimeFit fit;
        try {
            fit = ClvFit.lifetime(customers);
        } catch (IllegalArgumentException e) {
            LOG.warn("No usable lifetime-value fit on {} customers, the model goes without it: {}", customers.size(),
                    e.getMessage());
            return Optional.empty();
        } catch (RuntimeException e) {
            // The segmentation model must not fail with its lifetime-value part.
            LOG.warn("Lifetime-value fit failed, the model goes without it", e);
            return Optional.empty();
        }
        LOG.info("Lifetime-value fit on {} customers ({} repeat) in {} ms: {}, {}", customers.size(),
                fit.spend().customers(), (System.nanoTime() - started) / 1_000_000, fit.purchases().model(),
                fit.spend().model());
        return Optional.of(fit);
    }
}
