package io.segstream.trainer.training;

import java.util.List;
import java.util.Objects;

import io.segstream.core.features.Feature;
import io.segstream.core.features.FeatureVector;
import io.segstream.platform.mapping.FeatureColumns;

/**
 * How a model is trained.
 *
 * @param modelName the model's name, the key on the models topic
 * @param featureNames the columns, in model order
 * @param minK the smallest k tried, at least 2
 * @param maxK the largest k tried
 * @param nInit k-means restarts per k
 * @param seed seed of k-means, the fitting sample and the silhouette sample
 * @param maxFitRows snapshots with more fitting customers are fitted on a seeded uniform sample of this many
 * @param minCustomers fewer customers than this in a snapshot and no model is trained; more than {@code maxK}
 * @param silhouetteExactLimit up to this many fitting rows the exact silhouette, above it a sample of this many
 * @param positiveMonetaryOnly fit only on customers with monetary &gt; 0, as the reference notebooks; the others
 *     are still assigned and counted in the segment sizes
 */
public record TrainingOptions(String modelName, List<String> featureNames, int minK, int maxK, int nInit, long seed,
                              int maxFitRows, int minCustomers, int silhouetteExactLimit,
                              boolean positiveMonetaryOnly) {

    /** The default model name. */
    public static final String DEFAULT_MODEL_NAME = "rfm";

    /** Validates every option. */
    public TrainingOptions {
        Objects.requireNonNull(modelName, "modelName");
        if (modelName.isBlank()) {
            throw new IllegalArgumentException("Model name must not be blank");
        }
        featureNames = List.copyOf(featureNames);
        if (featureNames.isEmpty()) {
            throw new IllegalArgumentException("No features");
        }
        FeatureColumns.validate(featureNames);
        if (minK < 2 || maxK < minK) {
            throw new IllegalArgumentException("Invalid k range " + minK + ".." + maxK + " (need 2 <= min <= max)");
        }
        if (nInit < 1) {
            throw new IllegalArgumentException("nInit must be at least 1, got " + nInit);
        }
        if (minCustomers <= maxK) {
            throw new IllegalArgumentException("minCustomers (" + minCustomers + ") must exceed maxK (" + maxK + ")");
        }
        if (maxFitRows < minCustomers) {
            throw new IllegalArgumentException("maxFitRows (" + maxFitRows + ") must be at least minCustomers ("
                    + minCustomers + ")");
        }
        if (silhouetteExactLimit < 3) {
            throw new IllegalArgumentException("silhouetteExactLimit must be at least 3, got " + silhouetteExactLimit);
        }
        if (positiveMonetaryOnly && !featureNames.contains(Feature.MONETARY.wireName())) {
            throw new IllegalArgumentException("positiveMonetaryOnly needs the 'monetary' feature");
        }
    }

    /** @return model "rfm" on {@link FeatureVector#NAMES}, k = 4..8 (segments a marketer acts on), 10 restarts,
     *     seed 0, sampling above 1,000,000 customers, at least 50 customers, exact silhouette up to 10,000 rows, monetary &gt; 0 only. */
    public static TrainingOptions defaults() {
        return new TrainingOptions(DEFAULT_MODEL_NAME, FeatureVector.NAMES, 4, 8, 10, 0, 1_000_000, 50, 10_000,
                true);
    }

    /** @return a copy with another k range. */
    public TrainingOptions withK(int min, int max) {
        return new TrainingOptions(modelName, featureNames, min, max, nInit, seed, maxFitRows, minCustomers,
                silhouetteExactLimit, positiveMonetaryOnly);
    }

    /** @return a copy with another number of restarts. */
    public TrainingOptions withNInit(int n) {
        return new TrainingOptions(modelName, featureNames, minK, maxK, n, seed, maxFitRows, minCustomers,
                silhouetteExactLimit, positiveMonetaryOnly);
    }

    /** @return a copy with another seed. */
    public TrainingOptions withSeed(long s) {
        return new TrainingOptions(modelName, featureNames, minK, maxK, nInit, s, maxFitRows, minCustomers,
                silhouetteExactLimit, positiveMonetaryOnly);
    }

    /** @return a copy with another sampling threshold. */
    public TrainingOptions withMaxFitRows(int rows) {
        return new TrainingOptions(modelName, featureNames, minK, maxK, nInit, seed, rows, minCustomers,
                silhouetteExactLimit, positiveMonetaryOnly);
    }

    /** @return a copy with another minimum snapshot size. */
    public TrainingOptions withMinCustomers(int min) {
        return new TrainingOptions(modelName, featureNames, minK, maxK, nInit, seed, maxFitRows, min,
                silhouetteExactLimit, positiveMonetaryOnly);
    }

    /** @return a copy with another model name. */
    public TrainingOptions withModelName(String name) {
        return new TrainingOptions(name, featureNames, minK, maxK, nInit, seed, maxFitRows, minCustomers,
                silhouetteExactLimit, positiveMonetaryOnly);
    }

    /** @return a copy with other feature columns. */
    public TrainingOptions withFeatureNames(List<String> names) {
        return new TrainingOptions(modelName, names, minK, maxK, nInit, seed, maxFitRows, minCustomers,
                silhouetteExactLimit, positiveMonetaryOnly && names.contains(Feature.MONETARY.wireName()));
    }
}
