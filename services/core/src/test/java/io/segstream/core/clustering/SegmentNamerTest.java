package io.segstream.core.clustering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import io.segstream.testing.SklearnFixture;
import org.junit.jupiter.api.Test;

class SegmentNamerTest {
    private static final SegmentNamer.Columns RFM = new SegmentNamer.Columns(0, 1, 2);

    /** Grids 0..100 on every column: a value's percentile rank is the value / 100. */
    private static final SegmentNamer.Population LINEAR = linear();

    private static SegmentNamer.Population linear() {
        double[] g = new double[101];
        for (int p = 0; p <= 100; p++) {
            g[p] = p;
        }
        return new SegmentNamer.Population(g, g, g);
    }

    /** A profile at reversed recency rank {@code r} and frequency and monetary rank {@code fm} in {@link #LINEAR}. */
    private static double[] at(double r, double fm) {
        return new double[] {100 * (1 - r), 100 * fm, 100 * fm};
    }

    @Test
    void givenCentroidsAtKnownRanks_whenNamed_thenTheNameOfTheNearestPrototype() {
        double[][] centroids = {at(0.95, 0.93), at(0.1, 0.1), at(0.15, 0.85), at(0.9, 0.15), at(0.55, 0.55)};

        assertEquals(List.of("Champions", "Lost", "Can't lose them", "New customers", "Need attention"),
                SegmentNamer.name(centroids, RFM, LINEAR));
        assertEquals(List.of("Hibernating"), SegmentNamer.name(new double[][] {at(0.3, 0.3)}, RFM, LINEAR));
        assertEquals(List.of("At risk"), SegmentNamer.name(new double[][] {at(0.2, 0.6)}, RFM, LINEAR));
        assertEquals(List.of("About to sleep"), SegmentNamer.name(new double[][] {at(0.45, 0.2)}, RFM, LINEAR));
    }

    @Test
    void givenEveryPrototypeInReverseOrder_whenNamed_thenEachGetsItsOwnName() {
        List<SegmentNamer.Prototype> reversed = new ArrayList<>(SegmentNamer.PROTOTYPES).reversed();
        double[][] centroids = reversed.stream().map(p -> at(p.r(), p.fm())).toArray(double[][]::new);

        assertEquals(reversed.stream().map(SegmentNamer.Prototype::name).toList(),
                SegmentNamer.name(centroids, RFM, LINEAR));
    }

    @Test
    void givenRfmExtremesOfRealCustomers_whenNamed_thenNamesFromTheirPositions() {
        SklearnFixture f = SklearnFixture.load();
        SegmentNamer.Population pop = SegmentNamer.Population.of(f.raw, RFM);
        double[][] centroids = {
            {2, 20, 8000}, // bought yesterday, often, a lot
            {300, 1, 50},  // long gone, once, little
            {200, 15, 6000}, // big spender who stopped
            {5, 1, 100},   // just arrived
        };

        List<String> names = SegmentNamer.name(centroids, RFM, pop);

        assertEquals(List.of("Champions", "Lost", "Can't lose them", "New customers"), names);
    }

    @Test
    void givenEightCentroidsOfAFittedModel_whenNamedTwice_thenEightDistinctUnnumberedNames() {
        SklearnFixture f = SklearnFixture.load();
        FeatureTransform t = FeatureTransform.fit(f.raw);
        KMeans model = KMeans.fit(t.apply(f.raw), KMeans.Options.of(8));
        double[][] profiles = model.centroids();
        for (double[] p : profiles) {
            t.invert(p, p);
        }
        SegmentNamer.Population pop = SegmentNamer.Population.of(f.raw, RFM);

        List<String> names = SegmentNamer.name(profiles, RFM, pop);

        assertEquals(8, new HashSet<>(names).size(), names.toString());
        Set<String> vocabulary = new HashSet<>(SegmentNamer.PROTOTYPES.stream().map(SegmentNamer.Prototype::name)
                .toList());
        assertTrue(vocabulary.containsAll(names), names.toString());
        assertEquals(names, SegmentNamer.name(profiles, RFM, pop));
    }

    @Test
    void givenTwoIdenticalProfilesAtChampions_whenNamed_thenChampionsAndTheNextNearestName() {
        double[][] same = {at(0.9, 0.9), at(0.9, 0.9)};

        assertEquals(Set.of("Champions", "Loyal"), new HashSet<>(SegmentNamer.name(same, RFM, LINEAR)));
    }

    @Test
    void givenElevenCentroids_whenNamed_thenElevenDistinctNamesTheExtraOneNumbered() {
        double[][] centroids = new double[11][];
        for (int j = 0; j < 10; j++) {
            SegmentNamer.Prototype p = SegmentNamer.PROTOTYPES.get(j);
            centroids[j] = at(p.r(), p.fm());
        }
        centroids[10] = at(0.88, 0.88);

        List<String> names = SegmentNamer.name(centroids, RFM, LINEAR);

        assertEquals(11, new HashSet<>(names).size(), names.toString());
        assertEquals("Champions 2", names.get(10));
        assertFalse(names.subList(0, 10).stream().anyMatch(n -> n.endsWith(" 2")), names.toString());
    }

    @Test
    void givenContinuedSegmentsThatDriftedALittle_whenNamedWithPreviousNames_thenTheyKeepThem() {
        double[][] centroids = {at(0.33, 0.32), at(0.28, 0.19)};
        List<String> previous = Arrays.asList("About to sleep", "Hibernating");

        assertEquals(List.of("Hibernating", "Lost"), SegmentNamer.name(centroids, RFM, LINEAR));
        assertEquals(previous, SegmentNamer.name(centroids, RFM, LINEAR, previous));
    }

    @Test
    void givenContinuedSegmentThatMovedFar_whenNamedWithPreviousNames_thenRenamedAndANewOneNamedByPosition() {
        double[][] centroids = {at(0.88, 0.92), at(0.15, 0.15)};

        assertEquals(List.of("Champions", "Lost"),
                SegmentNamer.name(centroids, RFM, LINEAR, Arrays.asList("Lost", null)));
    }

    @Test
    void givenRepeatedGridValues_whenRanked_thenMiddleOfRun() {
        double[] grid = new double[101];
        for (int p = 51; p <= 100; p++) {
            grid[p] = p;
        }
        assertEquals(0.25, SegmentNamer.rank(grid, 0), 1e-12);
        assertEquals(0.755, SegmentNamer.rank(grid, 75.5), 1e-12);
    }
}
