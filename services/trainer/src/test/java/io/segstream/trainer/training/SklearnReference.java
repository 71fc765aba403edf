package io.segstream.trainer.training;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

import io.segstream.testing.SklearnFixture;

/**
 * scikit-learn's k-means sweep on the same data, from the shared {@link SklearnFixture}: per k, inertia, silhouette,
 * Calinski-Harabasz and Davies-Bouldin of {@code KMeans(n_init=10, random_state=0)}.
 */
final class SklearnReference {

    /** Scores of one k. */
    record Scores(double inertia, double silhouette, double calinskiHarabasz, double daviesBouldin) {
    }

    private SklearnReference() {
    }

    static Map<Integer, Scores> kmeans() {
        Map<Integer, Scores> out = new HashMap<>();
        SklearnFixture.load().metrics.forEach((k, m) -> out.put(k, new Scores(m[0], m[1], m[2], m[3])));
        return out;
    }

    /** The k with the highest silhouette, as {@code baseline_sklearn.py} picks it. */
    static int bestK(Map<Integer, Scores> scores) {
        return bestK(scores, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /** The k in {@code [min, max]} with the highest silhouette. */
    static int bestK(Map<Integer, Scores> scores, int min, int max) {
        return scores.entrySet().stream().filter(e -> e.getKey() >= min && e.getKey() <= max)
                .max(Map.Entry.comparingByValue(Comparator.comparingDouble(Scores::silhouette))).orElseThrow()
                .getKey();
    }
}
