package io.segstream.core.features;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The features segstream computes per customer, with the names they carry in models, reports and the
 * reference script ({@code recency}, {@code monetary}, ...). The one list of them: every other place refers to
 * these constants or parses a name with {@link #of(String)}.
 */
public enum Feature {
    RECENCY("recency", Features::recencyDays),
    FREQUENCY("frequency", Features::frequency),
    MONETARY("monetary", Features::monetary),
    LENGTH("length", Features::lengthDays),
    UNIQUE_PRODUCTS("unique_products", Features::uniqueProducts),
    AVG_SPEND("avg_spend", Features::avgSpend),
    FREQUENCY_6M("frequency_6m", Features::frequency6m),
    MONETARY_6M("monetary_6m", Features::monetary6m);

    private static final Map<String, Feature> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Feature::wireName, Function.identity()));

    private final String wireName;
    private final ToDoubleFunction<Features> value;

    Feature(String wireName, ToDoubleFunction<Features> value) {
        this.wireName = wireName;
        this.value = value;
    }

    /** The name in models, reports and the reference script. */
    public String wireName() {
        return wireName;
    }

    /** This feature's value in {@code features}. */
    public double of(Features features) {
        return value.applyAsDouble(features);
    }

    /**
     * The feature of a name.
     *
     * @throws IllegalArgumentException naming the known features for any other name
     */
    public static Feature of(String name) {
        Feature f = BY_NAME.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown feature '" + name + "', known: " + names(values()));
        }
        return f;
    }

    /** Whether {@code name} is a feature's name. */
    public static boolean isKnown(String name) {
        return BY_NAME.containsKey(name);
    }

    /** The names of {@code features}, in order. */
    public static List<String> names(Feature... features) {
        return Arrays.stream(features).map(Feature::wireName).toList();
    }
}
