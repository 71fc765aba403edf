package io.segstream.devstack;

import java.time.Instant;
import java.util.SplittableRandom;

import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.FeatureTrigger;

/**
 * A synthetic population of customer features for loading a features topic or a snapshot at a size no data set has
 * ({@code bench trainer}, and the trainer's sample-against-full comparison): three behaviours (loyal, occasional,
 * lapsed) with log-normal spend, roughly like the retail data, as of the end of Online Retail. The same seed gives the
 * same customers.
 */
public final class SyntheticFeatures {

    /** The reference time of every synthetic customer: the end of Online Retail. */
    public static final Instant AS_OF = Instant.parse("2011-12-09T12:50:00Z");
    private static final long DAY_MILLIS = 86_400_000L;

    private SyntheticFeatures() {
    }

    /** The next customer of {@code rng}'s population, with id {@code id}. */
    public static CustomerFeatures customer(String id, SplittableRandom rng) {
        int kind = rng.nextInt(3);
        int frequency = switch (kind) {
            case 0 -> 5 + rng.nextInt(30);
            case 1 -> 1 + rng.nextInt(4);
            default -> 1 + rng.nextInt(2);
        };
        int recency = switch (kind) {
            case 0 -> rng.nextInt(30);
            case 1 -> 20 + rng.nextInt(120);
            default -> 150 + rng.nextInt(220);
        };
        double avg = Math.exp(5 + 0.7 * gaussian(rng) + (kind == 0 ? 0.5 : 0));
        double monetary = avg * frequency;
        int length = frequency == 1 ? 0 : rng.nextInt(Math.max(1, 373 - recency));
        long last = AS_OF.toEpochMilli() - recency * DAY_MILLIS;
        return CustomerFeatures.newBuilder().setCustomerId(id).setAsOf(AS_OF)
                .setFirstPurchase(Instant.ofEpochMilli(last - length * DAY_MILLIS))
                .setLastPurchase(Instant.ofEpochMilli(last)).setRecencyDays(recency).setFrequency(frequency)
                .setMonetary(monetary).setLengthDays(length).setAvgSpend(avg)
                .setUniqueProducts(1 + frequency * (3 + rng.nextInt(15)))
                .setFrequency6m(frequency / 2).setMonetary6m(monetary / 2).setTrigger(FeatureTrigger.PURCHASE).build();
    }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
