package io.segstream.platform.mapping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.segstream.avro.ChangeCause;
import io.segstream.avro.ExplanationKind;
import io.segstream.avro.FeatureContribution;
import io.segstream.avro.SegmentChange;
import io.segstream.platform.registry.InMemorySchemaRegistryClient;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hand-written segment-change encoder writes exactly the bytes of Avro's datum writer. */
class SegmentChangeWriterTest {

    private static final String REGISTRY = "change-writer-test";
    private final SegmentChangeWriter writer = new SegmentChangeWriter();

    @AfterEach
    void forget() {
        InMemorySchemaRegistryClient.reset(REGISTRY);
    }

    @Test
    void givenTheSchema_whenItsFieldsAreListed_thenTheWritersFieldsInTheirOrder() {
        assertEquals(List.of("customerId", "fromSegmentId", "fromSegmentName", "fromModelVersion", "toSegmentId",
                "toSegmentName", "toModelVersion", "cause", "eventTime", "features", "distance", "margin",
                "explanationKind", "explanation", "explanationTotal"),
                writer.schema().getFields().stream().map(Schema.Field::name).toList());
        assertEquals(List.of("feature", "before", "after", "contribution", "share"),
                FeatureContribution.getClassSchema().getFields().stream().map(Schema.Field::name).toList());
    }

    @Test
    void givenRandomChanges_whenWritten_thenTheDatumWritersBytes() throws IOException {
        SplittableRandom random = new SplittableRandom(19);
        for (int i = 0; i < 3_000; i++) {
            SegmentChange change = random(random, i);

            assertArrayEquals(Encodings.datumWriter(change), Encodings.handWritten(writer, change), change.toString());
        }
    }

    @Test
    void givenTheSerializerWithAndWithoutTheWriter_whenAChangeIsSerialized_thenTheSameFramedBytes() {
        SplittableRandom random = new SplittableRandom(3);
        Encodings.assertSameFramedBytes(SegmentChange.class, writer, "mem://" + REGISTRY, "segment-changes", 200,
                i -> random(random, i));
    }

    private static SegmentChange random(SplittableRandom r, int i) {
        boolean from = r.nextBoolean();
        List<FeatureContribution> explanation = new ArrayList<>();
        int items = r.nextInt(4) == 0 ? 0 : r.nextInt(1, 9);
        for (int k = 0; k < items; k++) {
            explanation.add(new FeatureContribution("feature " + k, r.nextDouble(-1e3, 1e3), r.nextDouble(-1e3, 1e3),
                    r.nextDouble(-5, 5), r.nextDouble()));
        }
        return new SegmentChange("c" + r.nextInt(1_000_000), from ? r.nextInt(-1, 12) : null,
                from && r.nextBoolean() ? "segment " + r.nextInt(12) : null, from ? r.nextLong(0, 1L << 40) : null,
                r.nextInt(-1, 12), i % 5 == 0 ? "" : "to é " + r.nextInt(12), r.nextLong(0, 1L << 40),
                ChangeCause.values()[r.nextInt(ChangeCause.values().length)],
                Instant.ofEpochMilli(r.nextLong(-1_000_000_000_000L, 4_000_000_000_000L)),
                r.nextInt(5) == 0 ? null : CustomerFeaturesWriterTest.random(r, i), r.nextDouble(0, 20),
                r.nextDouble(-3, 3), ExplanationKind.values()[r.nextInt(ExplanationKind.values().length)], explanation,
                r.nextDouble(-10, 10));
    }
}
