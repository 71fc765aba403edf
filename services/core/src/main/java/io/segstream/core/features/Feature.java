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
    MONETARY_6M("monetary_6m", Features::monetary6m),
    /** BG/NBD probability of being active: needs a model's lifetime-value fit, so it is not in {@link Features}. */
    P_ALIVE("p_alive", null),
    /** Expected purchase days in the fit's outlook (90 days by default); needs a lifetime-value fit. */
    EXPECTED_PURCHASES("expected_purchases", null),
    /** Discounted value over the fit's horizon (12 months by default); needs a lifetime-value fit. */
    LIFETIME_VALUE("lifetime_value", null);

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

    /**
     * This feature's value in {@code features}.
     *
     * @throws IllegalArgumentException for a feature that needs a lifetime-value fit
     */
    public double of(Features features) {
        if (value == null) {
            throw new IllegalArgumentException("'" + wireName + "' is scored with a model's lifetime-value fit; it"
                    + " is on the stream's customer-features records, not computed from the state alone");
        }
        return value.applyAsDouble(features);
    }

    /** Whether the value comes from a model's lifetime-value fit rather than from the customer's state. */
    public boolean needsLifetimeFit() {
        return value == null;
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
