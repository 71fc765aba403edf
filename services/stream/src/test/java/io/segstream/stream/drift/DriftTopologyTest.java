package io.segstream.stream.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.InvoiceEvent;
import io.segstream.avro.InvoiceLine;
import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.ingest.TransactionReader;
import io.segstream.core.invoice.Invoice;
import io.segstream.stream.runtime.StreamMetrics;
import io.segstream.stream.features.AgingSchedule;
import io.segstream.platform.mapping.InvoiceMapping;
import io.segstream.stream.testing.Replay;
import io.segstream.stream.testing.TestModels;
import io.segstream.stream.testing.TopologyFixture;
import org.junit.jupiter.api.Test;

/**
 * Drift on the real data: a model trained on the first six months of Online Retail sees no drift on exactly its
 * training population, then the rest of the year replayed with every quantity multiplied by ten (a shifted
 * population of spenders) drives the monetary PSI gauge above 0.2.
 */
class DriftTopologyTest {

    private static final long SPLIT = Instant.parse("2011-06-01T00:00:00Z").toEpochMilli();
    private static final List<String> FEATURES = List.of("recency", "frequency", "monetary");

    @Test
    void givenModelOnFirstMonths_whenSpendShifts_thenMonetaryPsiGaugeRisesAboveThreshold() {
        try (TopologyFixture fixture = new TopologyFixture(CleaningPolicy.defaults(), AgingSchedule.DEFAULT);
             TransactionReader reader = TransactionReader.open(Replay.onlineRetail())) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            StreamMetrics metrics = StreamMetrics.bind(registry, fixture.counters, fixture.scoring, fixture.drift);
            List<Invoice> later = new ArrayList<>();
            for (Invoice invoice : reader) {
                if (invoice.invoiceTimeMillis() < SPLIT) {
                    fixture.send(InvoiceMapping.toEvent(invoice));
                } else {
                    later.add(invoice);
                }
            }
            // A replay of months in well under a second: let the aging pass the catch-up pause held back run.
            fixture.driver.advanceWallClockTime(Duration.ofSeconds(1));
            Map<String, CustomerFeatures> snapshot = fixture.features.readKeyValuesToMap();
            fixture.publish(TestModels.fitted(1, FEATURES, List.copyOf(snapshot.values()), 4, 7));
            fixture.driver.advanceWallClockTime(Duration.ofSeconds(1));

            metrics.refresh();
            assertEquals(snapshot.size(), registry.get("segstream.drift.customers").gauge().value());
            for (String feature : FEATURES) {
                assertEquals(0.0, psi(registry, feature), 1e-9, feature + " on its own training population");
            }
            assertEquals(0.0, registry.get("segstream.drift.segment.psi").gauge().value(), 1e-9);
            assertEquals(snapshot.size(), segmentCustomers(registry), "every customer counted in one segment");
            assertEquals(4, registry.get("segstream.segment.customers").gauges().size());

            for (Invoice invoice : later) {
                fixture.send(scaled(InvoiceMapping.toEvent(invoice), 10));
            }
            metrics.refresh();
            double monetary = psi(registry, "monetary");
            System.out.printf(Locale.ROOT, "%d training customers; after the shift: PSI monetary %.3f, frequency %.3f,"
                            + " recency %.3f, segment shares %.3f, %s live customers%n", snapshot.size(), monetary,
                    psi(registry, "frequency"), psi(registry, "recency"),
                    registry.get("segstream.drift.segment.psi").gauge().value(),
                    registry.get("segstream.drift.customers").gauge().value());
            assertTrue(monetary > 0.2, "monetary PSI " + monetary);
            assertEquals(registry.get("segstream.drift.customers").gauge().value(), segmentCustomers(registry));
            assertTrue(registry.get("segstream.segment.distance.mean").gauges().size() >= 2);
        }
    }

    private static double segmentCustomers(SimpleMeterRegistry registry) {
        return registry.get("segstream.segment.customers").gauges().stream().mapToDouble(Gauge::value).sum();
    }

    private static double psi(SimpleMeterRegistry registry, String feature) {
        return registry.get("segstream.drift.feature.psi").tag("feature", feature).gauge().value();
    }

    private static InvoiceEvent scaled(InvoiceEvent event, int factor) {
        return InvoiceEvent.newBuilder(event).setLines(event.getLines().stream()
                .map(line -> InvoiceLine.newBuilder(line).setQuantity(line.getQuantity() * factor).build())
                .toList()).build();
    }
}
