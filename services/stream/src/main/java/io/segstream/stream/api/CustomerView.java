package io.segstream.stream.api;

import java.util.List;

import io.segstream.core.features.Features;

/**
 * One customer's features as the query API returns them (JSON).
 *
 * @param customerId  customer id
 * @param asOf        reference time, ISO-8601
 * @param features    the features at {@code asOf}
 * @param segment     the current segment, null before the first model
 * @param lifetime    lifetime values at {@code asOf}, null without purchase days or a model that carries them
 * @param servedBy    {@code host:port} of the instance that owns the customer
 * @param changes     the customer's last segment changes, newest first, with their explanations
 * @param interest    the interest category predicted from the first invoice, null from the invoice threshold on
 *                    (2 by default) or when no interest model was there at the first invoice
 */
public record CustomerView(String customerId, String asOf, Features features, SegmentView segment,
                           LifetimeView lifetime, String servedBy, List<ChangeView> changes, InterestView interest) {

    /**
     * A new customer's predicted interest.
     *
     * @param category     the interest category
     * @param name         its name in the model that predicted it
     * @param probability  the classifier's probability of it
     * @param modelVersion the segmentation model whose interest model predicted it
     * @param predicted    always true: the category is a prediction from the first invoice
     */
    public record InterestView(int category, String name, double probability, long modelVersion,
                               boolean predicted) {
    }

    /**
     * One segment change as the API returns it.
     *
     * @param eventTime       stream time of the change, ISO-8601
     * @param cause           FIRST_ASSIGNMENT, BEHAVIOUR, AGING or MODEL_UPDATE
     * @param fromSegmentId   earlier segment, null on a first assignment
     * @param fromSegmentName its name in the newest model
     * @param toSegmentId     new segment
     * @param toSegmentName   its name in the newest model
     * @param modelVersion    version of the model of the new assignment
     * @param why             one line, e.g. "moved: recency 21 → 96 (97%)"
     * @param explanationKind what the explanation explains
     * @param explanation     every feature, largest contribution first; values as stored (4-byte floats)
     */
    public record ChangeView(String eventTime, String cause, Integer fromSegmentId, String fromSegmentName,
                             int toSegmentId, String toSegmentName, long modelVersion, String why,
                             String explanationKind, List<ItemView> explanation) {
    }

    /**
     * One feature of an explanation.
     *
     * @param feature      feature name
     * @param before       value before, original units
     * @param after        value after, original units
     * @param contribution term of the explained difference of squared distances
     * @param share        contribution / total
     */
    public record ItemView(String feature, double before, double after, double contribution, double share) {
    }

    /**
     * A customer's lifetime values under the newest model this instance read.
     *
     * @param pAlive            probability that the customer is still active
     * @param expectedPurchases expected purchase days in the next {@code outlookDays}
     * @param outlookDays       horizon of {@code expectedPurchases}
     * @param lifetimeValue     discounted expected spend over {@code horizonMonths}
     * @param horizonMonths     horizon of {@code lifetimeValue}
     * @param modelVersion      version of the model that carried the lifetime-value fit
     */
    public record LifetimeView(double pAlive, double expectedPurchases, int outlookDays, double lifetimeValue,
                               int horizonMonths, long modelVersion) {
    }

    /**
     * A customer's current segment.
     *
     * @param customerId   customer id
     * @param segmentId    stable segment id
     * @param segmentName  segment name
     * @param modelVersion version of the model that assigned it
     */
    public record SegmentView(String customerId, int segmentId, String segmentName, long modelVersion) {
    }
}
