package io.segstream.analysis.clustering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segstream.analysis.AttributePreparation;
import io.segstream.analysis.CustomerTable;
import io.segstream.core.clustering.FeatureTransform;
import io.segstream.testing.Blobs;
import io.segstream.testing.TestData;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class GaussianMixtureTest {

    @Test
    void givenFourSeparatedBlobs_whenSweepingK_thenBicPicksFourAndTheMeansAreTheBlobCentres() {
        // Blob j of Blobs.of is centred at (10 j, 10 j, 10 j) with unit variance.
        double[][] x = Blobs.of(800, 3, 4, 7);

        double[] bic = new double[7];
        int best = 0;
        for (int k = 1; k <= 6; k++) {
            bic[k] = GaussianMixture.fit(x, GaussianMixture.Options.of(k)).bic();
            if (best == 0 || bic[k] < bic[best]) {
                best = k;
            }
        }
        GaussianMixture m = GaussianMixture.fit(x, GaussianMixture.Options.of(4));

        assertEquals(4, best, Arrays.toString(bic));
        double[][] means = m.means();
        Arrays.sort(means, (a, b) -> Double.compare(a[0], b[0]));
        for (int j = 0; j < 4; j++) {
            for (int t = 0; t < 3; t++) {
                // 200 points per blob: the standard error of a mean is 1/sqrt(200) = 0.07.
                assertEquals(10.0 * j, means[j][t], 0.25, "blob " + j + " feature " + t);
            }
            assertEquals(0.25, m.weights()[j], 0.001);
        }
        int[] labels = m.labels(x);
        for (int i = 4; i < x.length; i++) {
            assertEquals(labels[i % 4], labels[i], "row " + i);
        }
    }

    @Test
    void givenTheCustomerPersonalityData_whenSweepingKTwoToTen_thenEveryKFitsAndTheBicCurveHasNoSpike() {
        CustomerTable t = AttributePreparation.of(TestData.marketingCampaign()).table();
        FeatureTransform transform = FeatureTransform.fit(t.values(),
                new FeatureTransform.Options(t.log1p(), FeatureTransform.Scaling.STANDARD));
        double[][] x = transform.apply(t.values()).toArray();
        int n = x.length;
        int d = x[0].length;

        double[] bic = new double[11];
        for (int k = 2; k <= 10; k++) {
            GaussianMixture m = GaussianMixture.fit(x, GaussianMixture.Options.of(k));
            bic[k] = m.bic();
            assertTrue(Double.isFinite(bic[k]), "k=" + k + " BIC " + bic[k]);
            assertTrue(m.converged(), "k=" + k + " did not converge in " + m.iterations() + " iterations");
        }

        // The bound: twice the BIC price of one more component, (1 + d + d(d+1)/2) ln n = 78 ln 2236 = 602 here.
        // BIC_k minus the mean of its neighbours is half the drop in what the k-th component buys compared with the
        // (k+1)-th; a genuine elbow moves it by about one component's price, while the spike of Smile's unridged
        // fit (k = 5 at -2 x -8,311 = 16,622 between 52,765 and 17,279 for k = 4 and 6, against 50,327 for k = 8)
        // was 18,400 off, about 30 components' price, i.e. 4 nats per customer from a collapsed covariance.
        double bound = 2 * (1 + d + d * (d + 1) / 2.0) * Math.log(n);
        for (int k = 3; k <= 9; k++) {
            double off = bic[k] - (bic[k - 1] + bic[k + 1]) / 2;
            assertTrue(Math.abs(off) <= bound, String.format(Locale.ROOT, "k=%d is %.0f off its neighbours (bound "
                    + "%.0f): %s", k, off, bound, Arrays.toString(bic)));
        }
    }

    @Test
    void givenThreeDistinctRows_whenFourComponents_thenTheFitIsRefusedWithTheReason() {
        double[][] x = new double[30][];
        for (int i = 0; i < x.length; i++) {
            x[i] = new double[] {i % 3, 2.0 * (i % 3)};
        }

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GaussianMixture.fit(x, GaussianMixture.Options.of(4)));

        assertEquals("k = 4 exceeds the 3 distinct rows", e.getMessage());
        // Three components on three points: each covariance is the ridge alone, so the fit is finite.
        assertTrue(Double.isFinite(GaussianMixture.fit(x, GaussianMixture.Options.of(3)).bic()));
    }
}
