package io.segstream.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnalysisPartsTest {

    @Test
    void givenPointsOnALine_whenPcaFitted_thenFirstComponentIsTheLineAndExplainsAll() {
        double[][] x = {{-2, -4}, {-1, -2}, {0, 0}, {1, 2}, {2, 4}};

        Pca pca = Pca.fit(x, 2);

        assertEquals(1 / Math.sqrt(5), pca.components()[0][0], 1e-9);
        assertEquals(2 / Math.sqrt(5), pca.components()[0][1], 1e-9);
        assertEquals(1.0, pca.explained()[0], 1e-9);
        assertEquals(Math.sqrt(20), pca.project(x)[4][0], 1e-9);
    }

    @Test
    void givenThreeLeafTree_whenLaidOut_thenMergesSitOverTheirChildren() {
        // merge 0 joins leaves 0 and 2 at height 1; merge 1 joins leaf 1 and merge 0 at height 3
        Dendrogram d = Dendrogram.of(new int[][] {{0, 2}, {1, 3}}, new double[] {1, 3}, 3);

        assertEquals(List.of(new Dendrogram.Link(1, 0, 2, 0, 1), new Dendrogram.Link(0, 0, 1.5, 1, 3)), d.links());
    }

    @Test
    void givenHockeyStickCurve_whenKnee_thenTheBendIsFound() {
        double[] y = new double[1000];
        for (int i = 0; i < y.length; i++) {
            y[i] = i < 900 ? 1 + i / 900.0 : 2 + (i - 900) * 0.5;
        }

        assertEquals(2.0, KDistance.knee(y), 0.01);
    }

    @Test
    void givenFourPoints_whenKDistances_thenSortedDistanceToTheNearestOther() {
        double[][] x = {{0, 0}, {1, 0}, {3, 0}, {7, 0}};

        double[] kd = KDistance.sorted(x, 1, 100, 0);

        assertEquals(List.of(1.0, 1.0, 2.0, 4.0), java.util.Arrays.stream(kd).boxed().toList());
    }
}
