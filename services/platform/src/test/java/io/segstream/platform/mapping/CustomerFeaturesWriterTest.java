package io.segstream.platform.mapping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;

import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.FeatureTrigger;
import io.segstream.platform.registry.InMemorySchemaRegistryClient;
import io.segstream.platform.serde.AvroSerdeConfig;
import io.segstream.platform.serde.SpecificAvroSerde;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hand-written features encoder writes exactly the bytes of Avro's datum writer. */
class CustomerFeaturesWriterTest {

    private static final String REGISTRY = "features-writer-test";
    private final CustomerFeaturesWriter writer = new CustomerFeaturesWriter();

    @AfterEach
    void forget() {
        InMemorySchemaRegistryClient.reset(REGISTRY);
    }

    @Test
    void givenTheSchema_whenItsFieldsAreListed_thenTheWritersFieldsInTheirOrder() {
        // The writer encodes these fields in this order; a field added to CustomerFeatures.avsc must be added there.
        assertEquals(List.of("customerId", "asOf", "firstPurchase", "lastPurchase", "recencyDays", "frequency",
                "monetary", "lengthDays", "avgSpend", "uniqueProducts", "frequency6m", "monetary6m", "trigger",
                "purchaseDays", "firstPurchaseDay", "lastPurchaseDay", "repeatSpend", "pAlive", "expectedPurchases",
                "lifetimeValue", "interestCategory", "interestName", "interestPredicted"),
                writer.schema().getFields().stream().map(Schema.Field::name).toList());
    }

    @Test
    void givenRandomRecordsWithEachNullableFieldSetOrNot_whenWritten_thenTheDatumWritersBytes() throws IOException {
        SplittableRandom random = new SplittableRandom(18);
        for (int i = 0; i < 5_000; i++) {
            CustomerFeatures record = random(random, i);

            assertArrayEquals(Encodings.datumWriter(record), Encodings.handWritten(writer, record), record.toString());
        }
    }

    @Test
    void givenEdgeValues_whenWritten_thenTheDatumWritersBytes() throws IOException {
        for (double d : new double[] {Double.NaN, -0.0, Double.POSITIVE_INFINITY, Double.MIN_VALUE, -1e308}) {
            for (int n : new int[] {Integer.MIN_VALUE, -1, 0, 63, 64, Integer.MAX_VALUE}) {
                CustomerFeatures record = new CustomerFeatures("", Instant.ofEpochMilli(Long.MIN_VALUE / 2),
                        Instant.ofEpochMilli(-1), Instant.ofEpochMilli(Long.MAX_VALUE / 2), n, n, d, n, d, n, n, d,
                        FeatureTrigger.UNKNOWN, n, LocalDate.of(-4000, 1, 1), LocalDate.of(9999, 12, 31), d, d, d, d,
                        n, "é ü ✓", true);

                assertArrayEquals(Encodings.datumWriter(record), Encodings.handWritten(writer, record),
                        record.toString());
            }
        }
    }

    @Test
    void givenTheSerializerWithAndWithoutTheWriter_whenARecordIsSerialized_thenTheSameFramedBytes() {
        SplittableRandom random = new SplittableRandom(7);
        Encodings.assertSameFramedBytes(CustomerFeatures.class, writer, "mem://" + REGISTRY, "customer-features", 200,
                i -> random(random, i));
    }

    @Test
    void givenANullRequiredField_whenSerialized_thenASerializationErrorLikeTheLibrarys() {
        AvroSerdeConfig config = AvroSerdeConfig.forValues("mem://" + REGISTRY);
        CustomerFeatures valid = random(new SplittableRandom(1), 1);
        CustomerFeatures broken = new CustomerFeatures(null, valid.getAsOf(), valid.getFirstPurchase(),
                valid.getLastPurchase(), 1, 1, 1.0, 1, 1.0, 1, 1, 1.0, FeatureTrigger.PURCHASE, null, null, null, null,
                null, null, null, null, null, false);
        try (var library = SpecificAvroSerde.create(CustomerFeatures.class, config);
             var handWritten = SpecificAvroSerde.create(CustomerFeatures.class, config, writer)) {
            assertThrows(SerializationException.class,
                    () -> library.serializer().serialize("customer-features", broken));
            assertThrows(SerializationException.class,
                    () -> handWritten.serializer().serialize("customer-features", broken));
        }
    }

    static CustomerFeatures random(SplittableRandom r, int i) {
        boolean purchases = r.nextBoolean();
        boolean scores = r.nextBoolean();
        boolean interest = r.nextInt(3) == 0;
        long first = r.nextLong(-10_000_000_000_000L, 10_000_000_000_000L);
        return new CustomerFeatures("c" + r.nextInt(1_000_000) + (i % 7 == 0 ? "ß" : ""),
                Instant.ofEpochMilli(first + r.nextLong(0, 1_000_000_000_000L)), Instant.ofEpochMilli(first),
                Instant.ofEpochMilli(first + r.nextLong(0, 1_000_000_000L)), r.nextInt(-5, 5_000),
                r.nextInt(1, 100_000), r.nextDouble(-1e6, 1e9), r.nextInt(0, 5_000), r.nextDouble(-1e5, 1e7),
                r.nextInt(0, 100_000), r.nextInt(0, 1_000), r.nextDouble(-1e6, 1e8),
                FeatureTrigger.values()[r.nextInt(FeatureTrigger.values().length)],
                purchases ? r.nextInt(0, 10_000) : null,
                purchases ? LocalDate.ofEpochDay(r.nextLong(-100_000, 100_000)) : null,
                purchases ? LocalDate.ofEpochDay(r.nextLong(-100_000, 100_000)) : null,
                purchases ? r.nextDouble(0, 1e7) : null,
                scores ? r.nextDouble() : null, scores ? r.nextDouble(0, 50) : null,
                scores ? r.nextDouble(0, 1e5) : null,
                interest ? r.nextInt(0, 20) : null, interest && r.nextBoolean() ? "category " + r.nextInt(20) : null,
                interest);
    }
}
