package io.segstream.core.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Explanations on a hand-built two-centroid model in scaled space: "from" at (0, 0), "to" at (4, 2). The expected
 * contributions are worked out here by hand, and the totals from plain Euclidean distances.
 */
class ExplanationsTest {

    private static final double[] FROM = {0, 0};
    private static final double[] TO = {4, 2};

    private static double squaredDistance(double[] a, double[] b) {
        double dx = a[0] - b[0];
        double dy = a[1] - b[1];
        return dx * dx + dy * dy;
    }

    @Test
    void givenACustomerCrossingTheBoundary_whenExplained_thenContributionsSumToTheDistanceDifferenceLargestFirst() {
        double[] before = {1, 0};
        double[] after = {3, 2};
        // Nearer "from" before (1 against 13), nearer "to" after (13 against 1).
        double total = (squaredDistance(after, FROM) - squaredDistance(after, TO))
                - (squaredDistance(before, FROM) - squaredDistance(before, TO));
        assertEquals(24, total, 1e-12);
        var e = Explanations.moved(before, after, FROM, TO, new double[] {10, 100}, new double[] {30, 300});
        assertEquals(total, e.total(), 1e-12);
        // Feature 0: (9 - 1) - (1 - 9) = 16; feature 1: (4 - 0) - (0 - 4) = 8, i.e. 2 (t - f)(after - before).
        assertEquals(List.of(new Explanations.Item(0, 10, 30, 16), new Explanations.Item(1, 100, 300, 8)),
                e.items());
        assertEquals(2.0 / 3, e.share(e.items().get(0)), 1e-12);
        assertEquals(1.0 / 3, e.share(e.items().get(1)), 1e-12);
    }

    @Test
    void givenAFeatureMovingAwayFromTheNewSegment_whenExplained_thenItComesLastWithANegativeContribution() {
        double[] before = {1, 1};
        double[] after = {3, 0};
        var e = Explanations.moved(before, after, FROM, TO, before, after);
        double total = (squaredDistance(after, FROM) - squaredDistance(after, TO))
                - (squaredDistance(before, FROM) - squaredDistance(before, TO));
        assertEquals(total, e.total(), 1e-12);
        assertEquals(0, e.items().get(0).feature());
        assertEquals(16, e.items().get(0).contribution(), 1e-12);
        assertEquals(1, e.items().get(1).feature());
        assertEquals(-4, e.items().get(1).contribution(), 1e-12);
    }

    @Test
    void givenAFirstAssignment_whenExplained_thenTermsOfTheMarginOverTheRunnerUp() {
        double[] z = {3, 1};
        var e = Explanations.nearest(z, TO, FROM, new double[] {7, 8});
        assertEquals(squaredDistance(z, FROM) - squaredDistance(z, TO), e.total(), 1e-12);
        // (9 - 1) = 8 for feature 0, (1 - 1) = 0 for feature 1.
        assertEquals(List.of(new Explanations.Item(0, 7, 7, 8), new Explanations.Item(1, 8, 8, 0)), e.items());
    }

    @Test
    void givenANewModelMovingTheBoundary_whenExplained_thenTheChangeOfTheDistanceDifferenceAcrossModels() {
        double[] z = {2.5, 1};
        double[] toNew = {3, 1};
        var e = Explanations.boundary(z, FROM, TO, z, FROM, toNew, new double[] {120, 5}, new double[] {90, 5});
        double total = (squaredDistance(z, FROM) - squaredDistance(z, toNew))
                - (squaredDistance(z, FROM) - squaredDistance(z, TO));
        assertEquals(total, e.total(), 1e-12);
        assertEquals(0, e.items().get(0).feature());
        assertEquals(120, e.items().get(0).before());
        assertEquals(90, e.items().get(0).after());
        // Feature 0: (z - 3)^2 = 0.25 replaces (z - 4)^2 = 2.25: +2; feature 1: (1 - 1)^2 replaces (1 - 2)^2: +1.
        assertEquals(2, e.items().get(0).contribution(), 1e-12);
        assertEquals(1, e.items().get(1).contribution(), 1e-12);
    }

    @Test
    void givenVectorsOfDifferentLengths_whenExplained_thenRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> Explanations.nearest(new double[] {1}, FROM, TO, new double[] {1}));
    }
}
