package io.segstream.platform.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import io.segstream.avro.ChangeCause;
import io.segstream.avro.ExplanationKind;
import io.segstream.avro.FeatureContribution;
import io.segstream.avro.SegmentChange;
import org.junit.jupiter.api.Test;

class ExplanationTextTest {

    private static SegmentChange change(ExplanationKind kind, List<FeatureContribution> items) {
        return SegmentChange.newBuilder().setCustomerId("c").setFromSegmentId(1).setFromSegmentName("Loyal")
                .setFromModelVersion(1L).setToSegmentId(2).setToSegmentName("At risk").setToModelVersion(1)
                .setCause(ChangeCause.AGING).setEventTime(Instant.EPOCH).setFeatures(null).setDistance(1)
                .setMargin(1).setExplanationKind(kind).setExplanation(items).setExplanationTotal(10).build();
    }

    @Test
    void givenAMove_whenRead_thenPositiveContributionsLargestFirstWithValuesInOriginalUnits() {
        var items = List.of(new FeatureContribution("recency", 21.0, 96.0, 9.1, 0.91),
                new FeatureContribution("monetary", 310.5, 290.25, 1.0, 0.1),
                new FeatureContribution("frequency", 4.0, 4.0, -0.1, -0.01));
        assertEquals("moved: recency 21 → 96 (91%), monetary 311 → 290 (10%)",
                ExplanationText.of(change(ExplanationKind.CUSTOMER_MOVED, items)));
        assertEquals("boundary moved: centroid of At risk recency 21 → 96 (91%), monetary 311 → 290 (10%)",
                ExplanationText.of(change(ExplanationKind.BOUNDARY_MOVED, items)));
        assertEquals("nearest to At risk: frequency 4 (100%)", ExplanationText.of(change(
                ExplanationKind.NEAREST_SEGMENT, List.of(new FeatureContribution("frequency", 4.0, 4.0, 2.0, 1.0)))));
        assertEquals("", ExplanationText.of(change(ExplanationKind.NONE, List.of())));
    }
}
