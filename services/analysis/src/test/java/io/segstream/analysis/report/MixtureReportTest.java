package io.segstream.analysis.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segstream.analysis.Segmentation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MixtureReportTest {

    @Test
    void givenThreeDistinctRows_whenSweepingKTwoToFive_thenKFourAndFiveAreReportedWithTheirReason() {
        double[][] x = new double[30][];
        for (int i = 0; i < x.length; i++) {
            x[i] = new double[] {i % 3, (i % 3) * (i % 3)};
        }

        Segmentation.MixtureSweep sweep = Segmentation.MixtureSweep.fit(x, 2, 5, 0);
        Map<String, Object> json = SummaryJson.mixture(sweep);
        Html h = new Html();
        Clusterings.mixture(h, sweep);
        String html = h.toString();

        assertEquals(3, sweep.bestK());
        assertEquals(3, json.get("bestK"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> perK = (List<Map<String, Object>>) json.get("perK");
        assertEquals(List.of(2, 3, 4, 5), perK.stream().map(e -> e.get("k")).toList());
        for (int i = 0; i < 2; i++) {
            assertTrue(Double.isFinite((Double) perK.get(i).get("bic")), perK.get(i).toString());
            assertNull(perK.get(i).get("failure"));
        }
        for (int k = 4; k <= 5; k++) {
            Map<String, Object> e = perK.get(k - 2);
            assertNull(e.get("bic"));
            assertEquals("k = " + k + " exceeds the 3 distinct rows", e.get("failure"));
            assertTrue(html.contains("<td class=\"n\">" + k + "</td><td class=\"n\">n/a</td><td>failed: k = " + k
                    + " exceeds the 3 distinct rows</td>"), html);
        }
        assertTrue(html.contains("<td>fitted, lowest BIC</td>"), html);
    }
}
