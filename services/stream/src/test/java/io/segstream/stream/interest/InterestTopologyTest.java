package io.segstream.stream.interest;

import static io.segstream.stream.testing.TopologyFixture.invoice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.SegmentModel;
import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.core.interest.FirstInvoice;
import io.segstream.core.interest.InterestModel;
import io.segstream.core.interest.SoftmaxRegression;
import io.segstream.platform.mapping.InterestModelMapping;
import io.segstream.platform.mapping.InvoiceMapping;
import io.segstream.stream.features.AgingSchedule;
import io.segstream.stream.features.FeatureStores;
import io.segstream.stream.testing.SharedRegistry;
import io.segstream.stream.testing.TestModels;
import io.segstream.stream.testing.TopologyFixture;

/**
 * Predicted interests through the stream, under a hand-built interest model: products "A..." are category 0 and
 * "B..." category 1, and the classifier's only non-zero weights tie class 0 to the share of category 0 and class 1
 * to the share of category 1, so a first basket of mostly A is "A lovers" with a probability fixed by the weights.
 */
class InterestTopologyTest {

    private static final InterestModel INTEREST = handBuilt();
    private TopologyFixture fx;

    @AfterEach
    void stop() {
        if (fx != null) {
            fx.close();
        }
    }

    private static InterestModel handBuilt() {
        FirstInvoice encoding = new FirstInvoice(2, List.of("United Kingdom"));
        int d = encoding.width();
        double[][] w = new double[2][d + 1];
        w[0][1 + 2] = 4;
        w[1][1 + 3] = 4;
        double[] center = new double[d];
        double[] scale = new double[d];
        java.util.Arrays.fill(scale, 1);
        return new InterestModel(Map.of("A1", 0, "A2", 0, "B1", 1), List.of("a things", "b things"), encoding,
                List.of("A lovers", "B lovers"), new SoftmaxRegression(center, scale, w));
    }

    private static SegmentModel model(long version) {
        SegmentModel m = TestModels.identity(version, List.of("recency", "monetary"), new int[] {1, 2},
                new String[] {"Active", "Lapsed"}, new double[][] {{0, 100}, {100, 0}});
        return SegmentModel.newBuilder(m).setInterest(InterestModelMapping.toAvro(INTEREST, 2)).build();
    }

    private CustomerFeatures last() {
        return fx.features.readValuesToList().getLast();
    }

    @Test
    void givenANewCustomer_whenTheFirstInvoiceArrives_thenTheFeaturesCarryTheModelsPredictionUntilTheSecond() {
        fx = new TopologyFixture(CleaningPolicy.defaults(), AgingSchedule.DEFAULT);
        fx.publish(model(1));
        var first = invoice("1", "c", "2011-03-01T10:00:00Z", "A1", 3, "10.00", "B1", 1, "10.00");
        fx.send(first);

        CustomerFeatures f = last();
        // Shares 0.75 and 0.25: p(A) = 1 / (1 + exp(4 * 0.25 - 4 * 0.75)) = 1 / (1 + e^-2).
        var expected = INTEREST.predict(InvoiceMapping.toInvoice(first));
        assertEquals(0, expected.category());
        assertEquals(1 / (1 + Math.exp(-2)), expected.probability(), 1e-12);
        assertEquals(0, f.getInterestCategory());
        assertEquals("A lovers", f.getInterestName());
        assertTrue(f.getInterestPredicted());
        KeyValueStore<String, byte[]> store = fx.driver.getKeyValueStore(FeatureStores.INTERESTS);
        assertEquals(new PredictedInterest(1, 0, "A lovers", expected.probability()),
                PredictedInterest.decode(store.get("c")));

        fx.send(invoice("2", "c", "2011-03-05T10:00:00Z", "B1", 1, "5.00"));
        CustomerFeatures second = last();
        assertNull(second.getInterestCategory(), "two invoices reach the default threshold");
        assertFalse(second.getInterestPredicted());
        assertNull(store.get("c"), "the prediction is deleted at the threshold");
    }

    @Test
    void givenAThresholdOfThree_whenTheSecondInvoiceArrives_thenItStillCarriesTheFirstInvoicesPrediction() {
        fx = new TopologyFixture(CleaningPolicy.defaults(), AgingSchedule.DEFAULT, 10_000, SharedRegistry.url(),
                Duration.ofSeconds(5), 3);
        fx.publish(model(7));
        fx.send(invoice("1", "c", "2011-03-01T10:00:00Z", "B1", 2, "3.00"));
        assertEquals("B lovers", last().getInterestName());
        // A second basket of only A products does not change what the first one predicted.
        fx.send(invoice("2", "c", "2011-03-02T10:00:00Z", "A1", 5, "3.00"));
        CustomerFeatures second = last();
        assertEquals(1, second.getInterestCategory());
        assertEquals("B lovers", second.getInterestName());
        fx.send(invoice("3", "c", "2011-03-03T10:00:00Z", "A2", 5, "3.00"));
        assertNull(last().getInterestCategory());
    }

    @Test
    void givenNoInterestModelAtTheFirstInvoice_whenFeaturesAreEmitted_thenNoInterestIsPredicted() {
        fx = new TopologyFixture(CleaningPolicy.defaults(), AgingSchedule.DEFAULT);
        fx.send(invoice("1", "early", "2011-03-01T10:00:00Z", "A1", 1, "10.00"));
        assertNull(last().getInterestCategory());
        fx.publish(model(1));
        fx.send(invoice("2", "returns", "2011-03-02T10:00:00Z", "A1", -1, "10.00"));
        assertNull(last().getInterestCategory(), "a first invoice that is a return predicts nothing");
        assertNull(fx.driver.getKeyValueStore(FeatureStores.INTERESTS).get("returns"));
    }

    @Test
    void givenAnErasure_whenProcessed_thenThePredictionIsDeleted() {
        fx = new TopologyFixture(CleaningPolicy.defaults(), AgingSchedule.DEFAULT);
        fx.publish(model(1));
        fx.send(invoice("1", "c", "2011-03-01T10:00:00Z", "A1", 1, "10.00"));
        KeyValueStore<String, byte[]> store = fx.driver.getKeyValueStore(FeatureStores.INTERESTS);
        assertEquals(0, PredictedInterest.decode(store.get("c")).category());
        fx.erase("c", java.time.Instant.parse("2011-03-02T00:00:00Z"));
        assertNull(store.get("c"));
    }
}
