package io.segstream.core.clustering;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.List;
import io.segstream.testing.SklearnFixture;
import org.junit.jupiter.api.Test;

class SegmentNamerTest {
    private static final SegmentNamer.Columns RFM = new SegmentNamer.Columns(0, 1, 2);

    @Test
    void givenRfmExtremes_whenNamed_thenRuleTableNames() {
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
    void givenFittedModel_whenNamedTwice_thenUniqueAndDeterministic() {
        SklearnFixture f = SklearnFixture.load();
        FeatureTransform t = FeatureTransform.fit(f.raw);
        KMeans model = KMeans.fit(t.apply(f.raw), KMeans.Options.of(10));
        double[][] profiles = model.centroids();
        for (double[] p : profiles) {
            t.invert(p, p);
        }
        SegmentNamer.Population pop = SegmentNamer.Population.of(f.raw, RFM);

        List<String> names = SegmentNamer.name(profiles, RFM, pop);

        assertEquals(10, new HashSet<>(names).size(), names.toString());
        assertEquals(names, SegmentNamer.name(profiles, RFM, pop));
    }

    @Test
    void givenTwoIdenticalProfiles_whenNamed_thenLaterOneSuffixed() {
        SklearnFixture f = SklearnFixture.load();
        double[][] same = {{2, 20, 8000}, {2, 20, 8000}};

        assertEquals(List.of("Champions", "Champions 2"),
                SegmentNamer.name(same, RFM, SegmentNamer.Population.of(f.raw, RFM)));
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
