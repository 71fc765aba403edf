package io.segstream.app.synthetic;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Synthetic populations the generator ships with, fitted to Online Retail. Values are rounded to four decimals; {@code RetailFitTest} refits them
 * from the data and fails when they drift, so they stay reproducible.
 */
public final class FittedPopulations {

    /**
     * {@link RetailFit#fit(java.nio.file.Path)} on {@code data/online-retail/online_retail.csv.gz} (UCI Online
     * Retail, 4,334 customers with at least one purchase).
     */
    public static final SyntheticPopulation ONLINE_RETAIL = new SyntheticPopulation(Map.of(
            Archetype.ONE_OFF, new ArchetypeParameters(0.3062, 1.0, 1.0,
                    2.8107, 0.9421, 0.6428, 0.9506, 1.4638, 1.0841),
            Archetype.OCCASIONAL, new ArchetypeParameters(0.3579, 2.7518, 85.7384,
                    2.7496, 1.0350, 0.6380, 0.9184, 1.5052, 1.0803),
            Archetype.LOYAL, new ArchetypeParameters(0.2176, 10.3171, 30.0589,
                    2.6869, 1.0837, 0.6521, 0.9024, 1.5269, 1.0943),
            Archetype.WHOLESALE, new ArchetypeParameters(0.1184, 6.0, 26.9036,
                    1.6088, 1.1112, 0.4534, 0.9515, 3.3889, 1.3070)),
            countries(), 373.1597);

    private FittedPopulations() {
    }

    private static Map<String, Double> countries() {
        Map<String, Double> shares = new LinkedHashMap<>();
        shares.put("United Kingdom", 0.9558);
        shares.put("Germany", 0.0229);
        shares.put("France", 0.0212);
        return shares;
    }
}
