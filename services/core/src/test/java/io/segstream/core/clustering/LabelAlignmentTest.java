package io.segstream.core.clustering;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segstream.testing.SklearnFixture;
import org.junit.jupiter.api.Test;

class LabelAlignmentTest {

    @Test
    void givenKnownSquareCosts_whenSolved_thenOptimalAssignment() {
        // Optimum 5 = 1 + 2 + 2: rows 0,1,2 -> columns 1,0,2.
        double[][] cost = {{4, 1, 3}, {2, 0, 5}, {3, 2, 2}};

        assertArrayEquals(new int[] {1, 0, 2}, Hungarian.solve(cost));
    }

    @Test
    void givenGreedyTrap_whenSolved_thenGlobalOptimumNotGreedy() {
        // Greedy takes (0,0)=1 then (1,1)=100; the optimum is (0,1)+(1,0) = 2 + 2.
        assertArrayEquals(new int[] {1, 0}, Hungarian.solve(new double[][] {{1, 2}, {2, 100}}));
    }

    @Test
    void givenRectangularCosts_whenSolved_thenExtraRowsUnassigned() {
        assertArrayEquals(new int[] {2, 0}, Hungarian.solve(new double[][] {{9, 8, 1, 9}, {1, 9, 9, 9}}));
        assertArrayEquals(new int[] {-1, 0, 1}, Hungarian.solve(new double[][] {{5, 5}, {1, 9}, {9, 1}}));
    }

    @Test
    void givenIdenticalCentroids_whenAligned_thenIdentityMapping() {
        double[][] c = {{0, 0}, {1, 1}, {5, 5}};

        LabelAlignment a = LabelAlignment.align(c, new int[] {0, 1, 2}, c);

        assertArrayEquals(new int[] {0, 1, 2}, a.ids());
        assertEquals(0, a.created().length);
        assertEquals(0, a.retired().length);
    }

    @Test
    void givenPermutedModel_whenAligned_thenEachClusterGetsItsPreviousId() {
        double[][] previous = {{0, 0}, {1, 1}, {5, 5}};
        double[][] permuted = {{5, 5.1}, {0, 0.1}, {1, 1.1}};

        LabelAlignment a = LabelAlignment.align(previous, new int[] {10, 11, 12}, permuted);

        assertArrayEquals(new int[] {12, 10, 11}, a.ids());
    }

    @Test
    void givenMoreAndFewerClusters_whenAligned_thenNewIdsAfterMaxAndRetiredListed() {
        double[][] previous = {{0, 0}, {10, 10}};
        LabelAlignment grown = LabelAlignment.align(previous, new int[] {3, 7}, new double[][] {{10, 9}, {50, 50}, {0, 1}});
        assertArrayEquals(new int[] {7, 8, 3}, grown.ids());
        assertArrayEquals(new int[] {8}, grown.created());

        LabelAlignment shrunk = LabelAlignment.align(previous, new int[] {3, 7}, new double[][] {{9, 9}});
        assertArrayEquals(new int[] {7}, shrunk.ids());
        assertArrayEquals(new int[] {3}, shrunk.retired());
    }

    @Test
    void givenDistanceLimit_whenPairTooFar_thenRetiredAndCreated() {
        LabelAlignment a = LabelAlignment.align(new double[][] {{0}}, new int[] {4}, new double[][] {{100}}, 1.0);

        assertArrayEquals(new int[] {5}, a.ids());
        assertArrayEquals(new int[] {4}, a.retired());
    }

    @Test
    void givenRefitOnSameData_whenAligned_thenNoCustomerChangesSegment() {
        SklearnFixture f = SklearnFixture.load();
        KMeans before = KMeans.fit(f.scaled, KMeans.Options.of(4));
        KMeans after = KMeans.fit(f.scaled, KMeans.Options.of(4));

        LabelAlignment a = LabelAlignment.align(before.centroids(), new int[] {0, 1, 2, 3}, after.centroids());

        assertEquals(0, changes(before.labels(), after.labels(), a.ids()));
    }

    @Test
    void givenRefitWithAnotherSeed_whenAligned_thenFewestPossibleChanges() {
        // Another seed lands in a nearby local optimum (a few dozen customers differ), so the
        // alignment must do as well as the best of all 4! id permutations.
        SklearnFixture f = SklearnFixture.load();
        KMeans before = KMeans.fit(f.scaled, KMeans.Options.of(4).withSeed(1));
        KMeans after = KMeans.fit(f.scaled, KMeans.Options.of(4).withSeed(2));

        LabelAlignment a = LabelAlignment.align(before.centroids(), new int[] {0, 1, 2, 3}, after.centroids());

        int ours = changes(before.labels(), after.labels(), a.ids());
        int best = Integer.MAX_VALUE;
        for (int[] p : permutations(new int[] {0, 1, 2, 3}, 0)) {
            best = Math.min(best, changes(before.labels(), after.labels(), p));
        }
        assertEquals(best, ours);
        assertTrue(ours < f.scaled.length / 100, "changes " + ours);
    }

    private static int changes(int[] before, int[] after, int[] ids) {
        int n = 0;
        for (int i = 0; i < before.length; i++) {
            if (before[i] != ids[after[i]]) {
                n++;
            }
        }
        return n;
    }

    private static List<int[]> permutations(int[] a, int from) {
        List<int[]> out = new ArrayList<>();
        if (from == a.length) {
            out.add(a.clone());
            return out;
        }
        for (int i = from; i < a.length; i++) {
            int t = a[from]; a[from] = a[i]; a[i] = t;
            out.addAll(permutations(a, from + 1));
            t = a[from]; a[from] = a[i]; a[i] = t;
        }
        return out;
    }
}
