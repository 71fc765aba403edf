package io.segstream.core.features;

import java.util.List;

/** Feature names in the fixed order the clustering uses, and their extraction from {@link Features}. */
public final class FeatureVector {

    /** The six columns of the reference {@code baseline_sklearn.py}, in its order. */
    public static final List<String> NAMES = Feature.names(Feature.RECENCY, Feature.FREQUENCY, Feature.MONETARY,
            Feature.LENGTH, Feature.UNIQUE_PRODUCTS, Feature.AVG_SPEND);

    /** {@link #NAMES}, the trailing six-month features, then the lifetime-value scores. */
    public static final List<String> ALL_NAMES = Feature.names(Feature.values());

    private FeatureVector() {
    }

    /** The default vector, in {@link #NAMES} order. */
    public static double[] of(Features features) {
        return of(features, NAMES);
    }

    /**
     * The values of the named features in the given order.
     *
     * @throws IllegalArgumentException for a name not in {@link #ALL_NAMES}
     */
    public static double[] of(Features features, List<String> names) {
        double[] x = new double[names.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = value(features, names.get(i));
        }
        return x;
    }

    /** One feature by name. */
    public static double value(Features f, String name) {
        return Feature.of(name).of(f);
    }
}
