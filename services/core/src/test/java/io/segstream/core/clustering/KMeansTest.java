package io.segstream.core.clustering;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import io.segstream.testing.Blobs;
import io.segstream.testing.SklearnFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KMeansTest {

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5, 6, 7, 8, 9, 10})
    void givenSklearnFixture_whenBestOfTenRestarts_thenInertiaWithinOnePercentOfSklearn(int k) {
        SklearnFixture f = SklearnFixture.load();
        double expected = f.metrics.get(k)[0];

        KMeans model = KMeans.fit(f.scaled, KMeans.Options.of(k));

        assertTrue(model.inertia() <= expected * 1.01,
                () -> "k=" + k + " inertia " + model.inertia() + " vs sklearn " + expected);
        assertEquals(exactInertia(f.scaled, model), model.inertia(), 1e-9 * model.inertia());
    }

    @Test
    void givenSklearnFixture_whenComparedWithSmileKMeans_thenInertiaNoWorseThanSmile() {
        SklearnFixture f = SklearnFixture.load();

        KMeans ours = KMeans.fit(f.scaled, KMeans.Options.of(4));
        smile.clustering.CentroidClustering<double[], double[]> reference =
                smile.clustering.Clustering.run(10, () -> smile.clustering.KMeans.fit(f.scaled, 4, 300));

        // Smile 6.3.0 reports distortion as the mean squared distance, not the sum.
        double smileInertia = reference.distortion() * f.scaled.length;
        assertTrue(ours.inertia() <= smileInertia * 1.01, () -> "ours " + ours.inertia() + " vs Smile " + smileInertia);
        assertTrue(ours.inertia() >= smileInertia * 0.99, () -> "ours " + ours.inertia() + " vs Smile " + smileInertia);
    }

    @Test
    void givenSameSeed_whenFitTwice_thenIdenticalModels() {
        double[][] x = Blobs.of(20_000, 5, 4, 7);

        KMeans a = KMeans.fit(x, KMeans.Options.of(4).withNInit(4));
        KMeans b = KMeans.fit(x, KMeans.Options.of(4).withNInit(4));
        // One restart takes the chunk-parallel path; it must equal itself run again too.
        KMeans c = KMeans.fit(x, KMeans.Options.of(4).withNInit(1));
        KMeans e = KMeans.fit(x, KMeans.Options.of(4).withNInit(1));

        assertEquals(a, b);
        assertEquals(c, e);
    }

    @Test
    void givenSeparatedBlobs_whenFit_thenEachBlobIsOneCluster() {
        double[][] x = Blobs.of(3_000, 3, 3, 1);

        KMeans model = KMeans.fit(x, KMeans.Options.of(3));

        for (int i = 0; i < x.length; i += 3) {
            assertEquals(model.labels()[i % 3], model.labels()[i]);
            assertEquals(model.labels()[i], model.predict(x[i]));
        }
    }

    @Test
    void givenDuplicatePoints_whenMoreClustersThanDistinctPoints_thenNoEmptyCluster() {
        double[][] x = new double[40][];
        for (int i = 0; i < x.length; i++) {
            x[i] = new double[] {i % 2, 0};
        }

        KMeans model = KMeans.fit(x, KMeans.Options.of(3).withNInit(2));

        int[] sizes = new int[3];
        for (int l : model.labels()) {
            sizes[l]++;
        }
        for (int s : sizes) {
            assertTrue(s > 0);
        }
        assertEquals(0, model.inertia(), 1e-12);
    }

    @Test
    void givenFewerRowsThanK_whenFit_thenRejected() {
        assertThrows(IllegalArgumentException.class, () -> KMeans.fit(new double[][] {{1}, {2}}, KMeans.Options.of(3)));
        assertThrows(IllegalArgumentException.class, () -> new KMeans.Options(0, 10, 300, 1e-4, 0));
    }

    @Test
    void givenNaN_whenFit_thenErrorNamesRowAndColumn() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> KMeans.fit(new double[][] {{1, 2}, {3, Double.NaN}}, KMeans.Options.of(1)));
        assertTrue(e.getMessage().contains("row 1, column 1"), e.getMessage());
    }

    @Test
    void givenModel_whenPredict_thenNearestCentroid() {
        KMeans m = new KMeans(new double[][] {{0, 0}, {10, 10}}, new int[0], 0, 1);
        assertEquals(1, m.predict(new double[] {6, 6}));
        assertArrayEquals(new double[] {10, 10}, m.centroids()[1]);
    }

    static double exactInertia(double[][] x, KMeans m) {
        double s = 0;
        double[][] c = m.centroids();
        int[] l = m.labels();
        for (int i = 0; i < x.length; i++) {
            for (int t = 0; t < x[i].length; t++) {
                double v = x[i][t] - c[l[i]][t];
                s += v * v;
            }
        }
        return s;
    }

    @Test
    void givenThreeCentroids_whenNearestTwo_thenTheRunnerUpsIndexAndDistanceToo() {
        double[][] centroids = {{0}, {10}, {4}};
        double[] squared = new double[2];
        int[] second = new int[1];
        assertEquals(2, KMeans.nearestTwo(centroids, new double[] {3}, squared, second));
        assertEquals(0, second[0], "0 is 3 away, 10 is 7 away");
        assertEquals(1, squared[0]);
        assertEquals(9, squared[1]);
        assertEquals(1, KMeans.nearestTwo(centroids, new double[] {9}, squared, second));
        assertEquals(2, second[0], "4 is 5 away, 0 is 9 away");
        assertEquals(0, KMeans.nearestTwo(new double[][] {{1}}, new double[] {9}, squared, second));
        assertEquals(-1, second[0], "a single centroid has no runner-up");
    }
}
