package io.segstream.stream.lifetime;


import io.segstream.avro.SegmentModel;
import io.segstream.core.clv.ClvModel;
import io.segstream.core.clv.PurchaseHistory;
import io.segstream.core.features.Features;
import io.segstream.core.interest.InterestModel;
import io.segstream.core.invoice.Invoice;
import io.segstream.platform.mapping.SegmentModelCodec;
import io.segstream.stream.interest.PredictedInterest;
import io.segstream.stream.scoring.ModelReader;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifetime-value model a feature task scores customers with, and the interest model it predicts new customers'
 * interests with: the {@code lifetimeValue} and {@code interest} parts of the newest model of one name in the global
 * models store, looked at when the task starts and on each refresh. A model that does not
 * decode or whose lifetime part the formulas cannot use is logged and the current one stays; a model without a
 * lifetime part ends scoring until one comes. A model that cannot be decoded only because the registry is down stops
 * the task, as for scoring. One per task; not thread-safe.
 */
public final class PredictionModels {

    private static final Logger LOG = LoggerFactory.getLogger(PredictionModels.class);

    private final ModelReader reader;
    private final LifetimeModels shared;
    private KeyValueStore<String, byte[]> store;
    private long version = Long.MIN_VALUE;
    private ClvModel current;
    private InterestModel interest;

    /**
     * @param modelName    key of the model on the models topic
     * @param modelsTopic  the models topic (the deserializer's subject)
     * @param deserializer decoder of model records
     * @param shared       where the newest model is offered to the query API
     */
    public PredictionModels(String modelName, String modelsTopic, Deserializer<SegmentModel> deserializer,
                          LifetimeModels shared) {
        this.reader = new ModelReader(modelName, modelsTopic, deserializer);
        this.shared = shared;
    }

    /** Starts from the models in {@code models}, forgetting what an earlier task incarnation held. */
    public void init(KeyValueStore<String, byte[]> models) {
        store = models;
        reader.reset();
        version = Long.MIN_VALUE;
        current = null;
        interest = null;
        refresh();
    }

    /** Takes the newest model's lifetime part if the store holds a newer model. */
    public void refresh() {
        SegmentModel model = reader.changed(store, "for its lifetime values", e -> LOG.warn(
                "Undecodable model on {}, keeping the lifetime values of v{}: {}", reader.modelsTopic(), version,
                e.toString()));
        if (model == null) {
            return;
        }
        if (model.getVersion() <= version) {
            return;
        }
        try {
            InterestModel interestModel = SegmentModelCodec.interest(model);
            current = SegmentModelCodec.lifetimeValue(model);
            interest = interestModel;
            version = model.getVersion();
            if (current != null) {
                shared.offer(new LifetimeModels.Versioned(version, current));
            }
        } catch (IllegalArgumentException e) {
            LOG.warn("Model v{} has lifetime values or an interest model that cannot be used, keeping v{}: {}",
                    model.getVersion(),
                    version, e.getMessage());
        }
    }

    /**
     * Predicts a new customer's interest from their first invoice.
     *
     * @param firstInvoice the invoice
     * @return the prediction, null without an interest model
     */
    public PredictedInterest predictInterest(Invoice firstInvoice) {
        if (interest == null) {
            return null;
        }
        InterestModel.Prediction p = interest.predict(firstInvoice);
        return new PredictedInterest(version, p.category(), p.name(), p.probability());
    }

    /** The scores of {@code features} at their reference time; null without a model or a purchase history. */
    public ClvModel.Scores score(Features features) {
        return score(current, features);
    }

    /** The scores of {@code features} under {@code model}; null when either is missing. */
    public static ClvModel.Scores score(ClvModel model, Features features) {
        PurchaseHistory history = features.purchases();
        if (model == null || history == null) {
            return null;
        }
        return model.score(history, PurchaseHistory.dayOf(features.asOfMillis()));
    }
}
