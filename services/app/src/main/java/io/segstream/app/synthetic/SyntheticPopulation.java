package io.segstream.app.synthetic;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the synthetic generator draws from: per-archetype behaviour, where customers live and over how
 * long new customers arrive.
 *
 * @param archetypes parameters of every {@link Archetype}; shares sum to 1
 * @param countryShares customer share per country, largest first; sums to 1
 * @param acquisitionDays first purchases are spread uniformly over this many days from the start instant
 */
public record SyntheticPopulation(Map<Archetype, ArchetypeParameters> archetypes, Map<String, Double> countryShares,
                          double acquisitionDays) {

    /** Checks completeness and that the shares are distributions; freezes the maps in their order. */
    public SyntheticPopulation {
        Objects.requireNonNull(archetypes, "archetypes");
        Objects.requireNonNull(countryShares, "countryShares");
        for (Archetype archetype : Archetype.values()) {
            if (!archetypes.containsKey(archetype)) {
                throw new IllegalArgumentException("no parameters for archetype " + archetype);
            }
        }
        requireDistribution("archetype customer shares",
                archetypes.values().stream().mapToDouble(ArchetypeParameters::customerShare).sum());
        requireDistribution("country shares", countryShares.values().stream().mapToDouble(d -> d).sum());
        if (!(acquisitionDays > 0)) {
            throw new IllegalArgumentException("acquisitionDays must be positive, got " + acquisitionDays);
        }
        archetypes = Collections.unmodifiableMap(new EnumMap<>(archetypes));
        countryShares = Collections.unmodifiableMap(new LinkedHashMap<>(countryShares));
    }

    /** Parameters of {@code archetype}. */
    public ArchetypeParameters of(Archetype archetype) {
        return archetypes.get(archetype);
    }

    private static void requireDistribution(String what, double sum) {
        if (Math.abs(sum - 1) > 1e-3) {
            throw new IllegalArgumentException(what + " must sum to 1, got " + sum);
        }
    }
}
