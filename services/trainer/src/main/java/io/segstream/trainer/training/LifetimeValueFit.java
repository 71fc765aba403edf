package io.segstream.trainer.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.segstream.avro.LifetimeValueModel;
import io.segstream.core.clv.ClvFit;
import io.segstream.core.clv.ClvModel;
import io.segstream.core.clv.PurchaseHistory;
import io.segstream.core.clv.RepeatSummary;
import io.segstream.platform.mapping.LifetimeValueMapping;
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
    private static final long DAY_MILLIS = 86_400_000L;

    private LifetimeValueFit() {
    }

    /**
     * The fitted models, or empty when the snapshot cannot support them (no repeat customer, or a fit whose
     * parameters the formulas cannot use), which is logged: the segmentation model is published without them.
     */
    public static Optional<LifetimeValueModel> fit(FeatureSnapshot snapshot) {
        long endDay = Math.floorDiv(snapshot.snapshotTimeMillis(), DAY_MILLIS);
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
        if (customers.stream().noneMatch(c -> c.x() > 0 && c.meanRepeatSpend() > 0)) {
            LOG.info("No lifetime-value fit: none of the {} customers with a purchase history has a repeat purchase",
                    customers.size());
            return Optional.empty();
        }
        long started = System.nanoTime();
        ClvFit.BgNbdFit purchases;
        ClvFit.GammaGammaFit spend;
        try {
            purchases = ClvFit.bgNbd(customers);
            spend = ClvFit.gammaGamma(customers);
        } catch (RuntimeException e) {
            // The segmentation model must not fail with its lifetime-value part.
            LOG.warn("Lifetime-value fit failed, the model goes without it", e);
            return Optional.empty();
        }
        LOG.info("Lifetime-value fit on {} customers ({} repeat) in {} ms: {}, {}", customers.size(),
                spend.customers(), (System.nanoTime() - started) / 1_000_000, purchases.model(), spend.model());
        try {
            ClvModel horizons = ClvModel.withDefaultHorizons(purchases.model(), spend.model());
            return Optional.of(LifetimeValueMapping.toAvro(purchases, spend, customers.size(), horizons));
        } catch (IllegalArgumentException e) {
            LOG.warn("Lifetime-value fit not usable, the model goes without it: {}", e.getMessage());
            return Optional.empty();
        }
    }
}
