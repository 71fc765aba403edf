package io.segstream.core.clv;

import java.util.List;
import java.util.function.ToDoubleFunction;

import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.SimpleBounds;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.hipparchus.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.hipparchus.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Maximum-likelihood fits of {@link BgNbd} and {@link GammaGamma} with Hipparchus' derivative-free optimisers, over
 * the logarithms of the parameters (so every step stays positive): BOBYQA within wide bounds, then Nelder-Mead
 * polishing from its optimum, restarted until a restart gains nothing.
 */
public final class ClvFit {

    private static final double LOG_BOUND = 12;
    private static final int MAX_EVALUATIONS = 20_000;
    private static final int MAX_RESTARTS = 20;
    /** Smallest a + b searched; see {@link #bgNbd}. */
    static final double MIN_SHAPE_SUM = 1.001;

    private ClvFit() {
    }

    /** A fitted BG/NBD model, its log-likelihood and how many customers it was fitted on. */
    public record BgNbdFit(BgNbd model, double logLikelihood, int customers) {
    }

    /** A fitted Gamma-Gamma model, its log-likelihood and how many repeat customers it was fitted on. */
    public record GammaGammaFit(GammaGamma model, double logLikelihood, int customers) {
    }

    /**
     * Both models fitted on the same customers, with the scoring model at segstream's horizons.
     *
     * @param purchases the BG/NBD fit
     * @param spend     the Gamma-Gamma fit
     * @param model     both, ready to score customers
     */
    public record LifetimeFit(BgNbdFit purchases, GammaGammaFit spend, ClvModel model) {
    }

    /**
     * Fits both models, as the trainer and the batch analysis do.
     *
     * @throws IllegalArgumentException with no repeat customer (checked first, before the costlier BG/NBD fit), or
     *                                  when the fit has parameters the formulas cannot use
     */
    public static LifetimeFit lifetime(List<RepeatSummary> customers) {
        GammaGammaFit spend = gammaGamma(customers);
        BgNbdFit purchases = bgNbd(customers);
        return new LifetimeFit(purchases, spend, ClvModel.withDefaultHorizons(purchases.model(), spend.model()));
    }

    /**
     * @throws IllegalArgumentException with no customers
     */
    public static BgNbdFit bgNbd(List<RepeatSummary> customers) {
        if (customers.isEmpty()) {
            throw new IllegalArgumentException("BG/NBD needs at least one customer");
        }
        // The drop-out shapes are searched as their sum a + b and their odds a / b: the likelihood mostly depends on
        // the mean drop-out a / (a + b), so in (a, b) it has a long flat ridge on which a simplex stalls far from the
        // optimum, and in these coordinates the ridge runs along one axis. The sum is kept at least 1.001 (searched
        // as a + b - 1.001 > 0): the expected-purchase formulas need a + b > 1 (a hypergeometric series with
        // c = a + b - 1 for a customer without repeat purchases), and where the data show no drop-out at all the
        // unconstrained maximum runs off to a, b -> 0 (the NBD limit), which they cannot evaluate.
        double[] best = maximise(p -> bgNbdOf(p).logLikelihood(customers), new double[] {1, 1, 1, 1});
        BgNbd model = bgNbdOf(best);
        return new BgNbdFit(model, model.logLikelihood(customers), customers.size());
    }

    /** The model of search parameters (r, alpha, a + b - 1.001, a / b). */
    private static BgNbd bgNbdOf(double[] p) {
        double sum = MIN_SHAPE_SUM + p[2];
        return new BgNbd(p[0], p[1], sum * p[3] / (1 + p[3]), sum / (1 + p[3]));
    }

    /**
     * @throws IllegalArgumentException when no customer has a repeat purchase with a positive mean spend
     */
    public static GammaGammaFit gammaGamma(List<RepeatSummary> customers) {
        List<RepeatSummary> repeat = customers.stream().filter(c -> c.x() > 0 && c.meanRepeatSpend() > 0).toList();
        if (repeat.isEmpty()) {
            throw new IllegalArgumentException("Gamma-Gamma needs customers with a repeat purchase");
        }
        double[] best = maximise(p -> new GammaGamma(p[0], p[1], p[2]).logLikelihood(repeat),
                new double[] {1, 1, 1});
        GammaGamma model = new GammaGamma(best[0], best[1], best[2]);
        return new GammaGammaFit(model, model.logLikelihood(repeat), repeat.size());
    }

    /** The parameters maximising {@code logLikelihood}, searched over their logarithms from {@code start}. */
    private static double[] maximise(ToDoubleFunction<double[]> logLikelihood, double[] start) {
        int n = start.length;
        ObjectiveFunction objective = new ObjectiveFunction(logs -> {
            double[] params = new double[n];
            for (int i = 0; i < n; i++) {
                // Nelder-Mead has no bounds: outside BOBYQA's box it sees no maximum.
                if (!(Math.abs(logs[i]) <= LOG_BOUND)) {
                    return -1e300;
                }
                params[i] = Math.exp(logs[i]);
            }
            double value = logLikelihood.applyAsDouble(params);
            return Double.isFinite(value) ? value : -1e300;
        });
        double[] guess = new double[n];
        double[] lower = new double[n];
        double[] upper = new double[n];
        for (int i = 0; i < n; i++) {
            guess[i] = Math.log(start[i]);
            lower[i] = -LOG_BOUND;
            upper[i] = LOG_BOUND;
        }
        PointValuePair coarse;
        try {
            coarse = new BOBYQAOptimizer(2 * n + 1).optimize(new MaxEval(MAX_EVALUATIONS), objective,
                    GoalType.MAXIMIZE, new InitialGuess(guess), new SimpleBounds(lower, upper));
        } catch (MathIllegalStateException e) {
            // BOBYQA gives up on some surfaces ("trust region step has failed to reduce Q", seen on a snapshot
            // of Online Retail's first ten months); the restarted simplex below then starts from the guess.
            coarse = new PointValuePair(guess, objective.getObjectiveFunction().value(guess));
        }
        // Nelder-Mead restarted from its own optimum until a restart gains nothing: on the flat ridges these
        // likelihoods have (a against b), a single run stops early with its simplex spread along the ridge.
        PointValuePair best = coarse;
        for (int restart = 0; restart < MAX_RESTARTS; restart++) {
            PointValuePair fine = new SimplexOptimizer(1e-14, 1e-14).optimize(new MaxEval(MAX_EVALUATIONS),
                    objective, GoalType.MAXIMIZE, new InitialGuess(best.getPoint()), new NelderMeadSimplex(n, 0.05));
            boolean gained = fine.getValue() > best.getValue() + 1e-9 * Math.abs(best.getValue());
            if (fine.getValue() >= best.getValue()) {
                best = fine;
            }
            if (!gained) {
                break;
            }
        }
        double[] params = new double[n];
        for (int i = 0; i < n; i++) {
            params[i] = Math.exp(best.getPoint()[i]);
        }
        return params;
    }
}
