package io.segstream.core.clv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import io.segstream.testing.TestData;
import org.junit.jupiter.api.Test;

/**
 * P(alive), expected purchases, expected spend and CLV at the published CDNOW parameters against
 * {@code data/cdnow-sample/clv_reference.csv}, which {@code clv_reference.py} computes from the papers' equations with
 * mpmath at 50 digits, sharing nothing with this code.
 */
class ClosedFormsTest {

    private static final BgNbd BG = new BgNbd(0.243, 4.414, 0.793, 2.426);
    private static final GammaGamma GG = new GammaGamma(6.25, 3.74, 15.44);

    @Test
    void givenTheReferenceCases_whenComputed_thenEqualToTheIndependentScript() throws IOException {
        Path csv = TestData.dataDir().resolve("cdnow-sample").resolve("clv_reference.csv");
        List<String> lines = Files.readAllLines(csv);
        assertEquals("x,tx,T,m,p_alive,expected_39w,expected_mean_spend,clv_12m_1pct", lines.getFirst());
        assertEquals(7, lines.size());
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            int x = Integer.parseInt(f[0]);
            double tx = Double.parseDouble(f[1]);
            double T = Double.parseDouble(f[2]);
            double m = Double.parseDouble(f[3]);
            assertRelative(Double.parseDouble(f[4]), BG.pAlive(x, tx, T), line);
            assertRelative(Double.parseDouble(f[5]), BG.expectedPurchases(39, x, tx, T), line);
            assertRelative(Double.parseDouble(f[6]), GG.expectedMeanSpend(x, m), line);
            assertRelative(Double.parseDouble(f[7]), Clv.value(BG, GG, new RepeatSummary(x, tx, T, m), 12, 0.01),
                    line);
        }
    }

    @Test
    void givenANewCustomer_whenExpectedPurchasesFromZero_thenTheUnconditionalFormAgrees() {
        // Equation 9 with x = 0, t_x = 0, T = 0 is equation 10's special case.
        assertRelative(BG.expectedPurchasesOfNew(39), BG.expectedPurchases(39, 0, 0, 0), "new customer");
    }

    /**
     * The closed form divides by (a - 1), but a fit can land at a &lt; 1 (Online Retail's does): against the new
     * customer's expected purchases integrated numerically over Beta(a, b) by {@code clv_reference.py --integrated},
     * without the closed form, for a below and above 1.
     */
    @Test
    void givenDropoutShapeBelowOne_whenExpectedPurchasesOfNew_thenEqualToNumericalIntegration() throws IOException {
        Path csv = TestData.dataDir().resolve("cdnow-sample").resolve("clv_reference_integrated.csv");
        List<String> lines = Files.readAllLines(csv);
        assertEquals("r,alpha,a,b,t,expected_new", lines.get(0));
        assertEquals(5, lines.size());
        for (String line : lines.subList(1, lines.size())) {
            double[] v = Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray();
            assertRelative(v[5], new BgNbd(v[0], v[1], v[2], v[3]).expectedPurchasesOfNew(v[4]), line);
            assertRelative(v[5], new BgNbd(v[0], v[1], v[2], v[3]).expectedPurchases(v[4], 0, 0, 0), line);
        }
    }

    @Test
    void givenSeriesOutsideItsDisc_whenEvaluated_thenRefused() {
        assertEquals(1, Hypergeometric.f21(1, 2, 3, 0), 0);
        // 2F1(1, 1; 2; z) = -ln(1 - z) / z.
        assertEquals(-Math.log(0.5) / 0.5, Hypergeometric.f21(1, 1, 2, 0.5), 1e-14);
        assertThrows(IllegalArgumentException.class, () -> Hypergeometric.f21(1, 1, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> Hypergeometric.f21(1, 1, -2, 0.5));
    }

    private static void assertRelative(double expected, double actual, String where) {
        assertEquals(expected, actual, 1e-9 * Math.max(1, Math.abs(expected)), where);
    }
}
