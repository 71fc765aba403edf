package io.segstream.trainer.training;

import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.segstream.core.interest.InterestFit;
import io.segstream.core.interest.InterestModel;
import io.segstream.core.invoice.Invoice;

/**
 * Fits the interest model published with each segmentation model, on every customer of the invoice history (the
 * batch analysis evaluates the same core fit on a temporal split). A history too small to fit (too few products or
 * customers), or a fit that fails for any other reason, gives no model, never a failed cycle.
 */
public final class InterestTraining {
    private static final Logger LOG = LoggerFactory.getLogger(InterestTraining.class);

    private InterestTraining() {
    }

    /**
     * A fitted interest model, what the platform's {@code SegmentModelCodec} publishes with the segmentation model.
     *
     * @param model the model
     * @param customers how many customers it was fitted on
     */
    public record Fitted(InterestModel model, int customers) {
    }

    /**
     * @param sales the sales with a customer
     * @param seed the seed of the clusterings
     * @return the model, empty when the history cannot support one
     */
    public static Optional<Fitted> fit(List<Invoice> sales, long seed) {
        long started = System.nanoTime();
        InterestFit.Options d = InterestFit.Options.defaults();
        InterestFit.Options options = new InterestFit.Options(d.products(), d.minK(), d.maxK(), d.minCountryShare(),
                d.lambda(), seed);
        try {
            InterestFit.Split split = InterestFit.split(sales, Long.MAX_VALUE, options);
            var model = InterestFit.model(split, options.lambda());
            LOG.info("Interest model: {} product categories {}, {} interest categories {}, fitted on {} customers in"
                            + " {} ms", split.products().k(), split.products().names(), split.categories().k(),
                    split.categories().names(), split.train().y().length, (System.nanoTime() - started) / 1_000_000);
            return Optional.of(new Fitted(model, split.train().y().length));
        } catch (RuntimeException e) {
            // Too few products or customers, or anything else: the segmentation model is published regardless.
            LOG.warn("No interest model this cycle: {}", e.toString());
            return Optional.empty();
        }
    }
}
