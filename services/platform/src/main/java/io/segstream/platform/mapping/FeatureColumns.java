package io.segstream.platform.mapping;

import java.util.List;

import io.segstream.avro.CustomerFeatures;
import io.segstream.core.features.Feature;
import io.segstream.core.features.FeatureVector;

/** Reads named feature columns out of the Avro {@link CustomerFeatures}, with the names of {@link FeatureVector}. */
public final class FeatureColumns {

    private FeatureColumns() {
    }

    /**
     * Checks that every name is a known feature.
     *
     * @param names the columns
     * @throws IllegalArgumentException naming the first unknown one
     */
    public static void validate(List<String> names) {
        for (String name : names) {
            if (!FeatureVector.ALL_NAMES.contains(name)) {
                throw new IllegalArgumentException("Unknown feature '" + name + "', known: " + FeatureVector.ALL_NAMES);
            }
        }
    }

    /**
     * Writes the named columns of {@code f} into {@code out}.
     *
     * @param f the features
     * @param names the columns, all in {@link FeatureVector#ALL_NAMES}
     * @param out a buffer of {@code names.size()} values
     * @return {@code out}
     */
    public static double[] of(CustomerFeatures f, List<String> names, double[] out) {
        for (int j = 0; j < out.length; j++) {
            out[j] = value(f, names.get(j));
        }
        return out;
    }

    /** One feature by name; a lifetime-value score the record does not carry is NaN. */
    public static double value(CustomerFeatures f, String name) {
        return switch (Feature.of(name)) {
            case RECENCY -> f.getRecencyDays();
            case FREQUENCY -> f.getFrequency();
            case MONETARY -> f.getMonetary();
            case LENGTH -> f.getLengthDays();
            case UNIQUE_PRODUCTS -> f.getUniqueProducts();
            case AVG_SPEND -> f.getAvgSpend();
            case FREQUENCY_6M -> f.getFrequency6m();
            case MONETARY_6M -> f.getMonetary6m();
            case P_ALIVE -> orNaN(f.getPAlive());
            case EXPECTED_PURCHASES -> orNaN(f.getExpectedPurchases());
            case LIFETIME_VALUE -> orNaN(f.getLifetimeValue());
        };
    }

    private static double orNaN(Double v) {
        return v == null ? Double.NaN : v;
    }
}
