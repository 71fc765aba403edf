package io.segstream.trainer.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.segstream.trainer.RetailData;

/**
 * scikit-learn's k-means sweep on the same data, from the core's fixture
 * {@code services/core/src/test/resources/sklearn/kmeans_metrics.csv}: per k, inertia, silhouette,
 * Calinski-Harabasz and Davies-Bouldin of {@code KMeans(n_init=10, random_state=0)}.
 */
final class SklearnReference {

    /** Scores of one k. */
    record Scores(double inertia, double silhouette, double calinskiHarabasz, double daviesBouldin) {
    }

    private SklearnReference() {
    }

    static Map<Integer, Scores> kmeans() throws IOException {
        Path file = RetailData.dataDir().getParent()
                .resolve("services/core/src/test/resources/sklearn/kmeans_metrics.csv");
        List<String> lines = Files.readAllLines(file);
        Map<Integer, Scores> out = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            out.put(Integer.parseInt(f[0]), new Scores(Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]), Double.parseDouble(f[4])));
        }
        return out;
    }

    /** The k with the highest silhouette, as {@code baseline_sklearn.py} picks it. */
    static int bestK(Map<Integer, Scores> scores) {
        return scores.entrySet().stream().max(Map.Entry.comparingByValue(
                Comparator.comparingDouble(Scores::silhouette))).orElseThrow().getKey();
    }
}
