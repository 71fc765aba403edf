package io.segstream.platform.mapping;

import java.util.List;

import io.segstream.avro.CustomerFeatures;
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

    /** One feature by name. */
    public static double value(CustomerFeatures f, String name) {
        return switch (name) {
            case "recency" -> f.getRecencyDays();
            case "frequency" -> f.getFrequency();
            case "monetary" -> f.getMonetary();
            case "length" -> f.getLengthDays();
            case "unique_products" -> f.getUniqueProducts();
            case "avg_spend" -> f.getAvgSpend();
            case "frequency_6m" -> f.getFrequency6m();
            case "monetary_6m" -> f.getMonetary6m();
            default -> throw new IllegalArgumentException("Unknown feature '" + name + "', known: "
                    + FeatureVector.ALL_NAMES);
        };
    }
}
