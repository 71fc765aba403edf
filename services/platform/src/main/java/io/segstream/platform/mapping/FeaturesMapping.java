package io.segstream.platform.mapping;

import java.time.Instant;
import java.time.LocalDate;

import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.FeatureTrigger;
import io.segstream.core.clv.ClvModel;
import io.segstream.core.clv.PurchaseHistory;
import io.segstream.core.features.Features;

/** Core features to the Avro record on the {@code customer-features} topic; the stream and tests share it. */
public final class FeaturesMapping {

    private FeaturesMapping() {
    }

    /** The Avro record of one customer's features, without lifetime-value scores. */
    public static CustomerFeatures toAvro(String customerId, Features f, FeatureTrigger trigger) {
        return toAvro(customerId, f, trigger, null);
    }

    /** The Avro record of one customer's features with its lifetime-value scores (null: none). */
    public static CustomerFeatures toAvro(String customerId, Features f, FeatureTrigger trigger,
                                          ClvModel.Scores scores) {
        return toAvro(customerId, f, trigger, scores, null);
    }

    /**
     * A predicted interest category as the features record carries it.
     *
     * @param category the interest category
     * @param name its name
     */
    public record Interest(int category, String name) {
    }

    /** The Avro record with lifetime-value scores and a predicted interest (null: none). */
    public static CustomerFeatures toAvro(String customerId, Features f, FeatureTrigger trigger,
                                          ClvModel.Scores scores, Interest interest) {
        PurchaseHistory purchases = f.purchases();
        return CustomerFeatures.newBuilder()
                .setCustomerId(customerId)
                .setAsOf(Instant.ofEpochMilli(f.asOfMillis()))
                .setFirstPurchase(Instant.ofEpochMilli(f.firstPurchaseMillis()))
                .setLastPurchase(Instant.ofEpochMilli(f.lastPurchaseMillis()))
                .setRecencyDays(f.recencyDays())
                .setFrequency(f.frequency())
                .setMonetary(f.monetary())
                .setLengthDays(f.lengthDays())
                .setAvgSpend(f.avgSpend())
                .setUniqueProducts(f.uniqueProducts())
                .setFrequency6m(f.frequency6m())
                .setMonetary6m(f.monetary6m())
                .setTrigger(trigger)
                .setPurchaseDays(purchases == null ? null : purchases.days())
                .setFirstPurchaseDay(purchases == null ? null : LocalDate.ofEpochDay(purchases.firstDay()))
                .setLastPurchaseDay(purchases == null ? null : LocalDate.ofEpochDay(purchases.lastDay()))
                .setRepeatSpend(purchases == null ? null : purchases.repeatSpendE4() / 10_000.0)
                .setPAlive(scores == null ? null : scores.pAlive())
                .setExpectedPurchases(scores == null ? null : scores.expectedPurchases())
                .setLifetimeValue(scores == null ? null : scores.lifetimeValue())
                .setInterestCategory(interest == null ? null : interest.category())
                .setInterestName(interest == null ? null : interest.name())
                .setInterestPredicted(interest != null)
                .build();
    }

    /**
     * The purchase history a features record carries, null when it carries none. Its repeat spend went through a
     * double: exact to the cent for any spend below 2^53 / 10^4.
     */
    public static PurchaseHistory purchases(CustomerFeatures f) {
        if (f.getPurchaseDays() == null) {
            return null;
        }
        return new PurchaseHistory(f.getPurchaseDays(), f.getFirstPurchaseDay().toEpochDay(),
                f.getLastPurchaseDay().toEpochDay(), Math.round(f.getRepeatSpend() * 10_000));
    }
}
