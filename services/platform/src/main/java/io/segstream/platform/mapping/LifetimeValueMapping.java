package io.segstream.platform.mapping;

import io.segstream.avro.LifetimeValueModel;
import io.segstream.core.clv.BgNbd;
import io.segstream.core.clv.ClvFit;
import io.segstream.core.clv.ClvModel;
import io.segstream.core.clv.GammaGamma;

/**
 * The lifetime-value part of a model between Avro and the core, for {@link SegmentModelCodec}, through which the
 * trainer writes it and the stream reads it.
 */
public final class LifetimeValueMapping {

    private LifetimeValueMapping() {
    }

    /** The Avro record of a fit: both models, their scoring horizons, and the customers each was fitted on. */
    public static LifetimeValueModel toAvro(ClvFit.LifetimeFit fit) {
        BgNbd p = fit.purchases().model();
        GammaGamma s = fit.spend().model();
        ClvModel horizons = fit.model();
        return LifetimeValueModel.newBuilder()
                .setR(p.r()).setAlpha(p.alpha()).setA(p.a()).setB(p.b())
                .setP(s.p()).setQ(s.q()).setV(s.v())
                .setCustomers(fit.purchases().customers())
                .setRepeatCustomers(fit.spend().customers())
                .setPurchasesLogLikelihood(fit.purchases().logLikelihood())
                .setSpendLogLikelihood(fit.spend().logLikelihood())
                .setOutlookDays(horizons.outlookDays())
                .setHorizonMonths(horizons.horizonMonths())
                .setMonthlyDiscount(horizons.monthlyDiscount())
                .build();
    }

    /**
     * The core model of a record; null for null.
     *
     * @throws IllegalArgumentException for parameters the formulas cannot use (not positive, not finite, a or q
     *                                  not above 1) or horizons out of range
     */
    public static ClvModel toCore(LifetimeValueModel m) {
        if (m == null) {
            return null;
        }
        return new ClvModel(new BgNbd(m.getR(), m.getAlpha(), m.getA(), m.getB()),
                new GammaGamma(m.getP(), m.getQ(), m.getV()), m.getOutlookDays(), m.getHorizonMonths(),
                m.getMonthlyDiscount());
    }
}
