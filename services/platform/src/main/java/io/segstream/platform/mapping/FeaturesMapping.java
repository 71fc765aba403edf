package io.segstream.platform.mapping;

import java.time.Instant;

import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.FeatureTrigger;
import io.segstream.core.features.Features;

/** Core features to the Avro record on the {@code customer-features} topic; the stream and tests share it. */
public final class FeaturesMapping {

    private FeaturesMapping() {
    }

    /** The Avro record of one customer's features. */
    public static CustomerFeatures toAvro(String customerId, Features f, FeatureTrigger trigger) {
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
                .build();
    }
}
