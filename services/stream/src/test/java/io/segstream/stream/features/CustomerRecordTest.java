package io.segstream.stream.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.segstream.avro.ChangeCause;
import io.segstream.avro.CustomerAssignment;
import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.FeatureTrigger;
import io.segstream.avro.SegmentChange;
import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.core.features.CustomerState;
import io.segstream.core.invoice.Invoice;
import io.segstream.core.invoice.InvoiceLine;
import io.segstream.platform.mapping.FeaturesMapping;
import io.segstream.stream.testing.TestModels;
import io.segstream.stream.testing.TopologyFixture;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The customer record (state and assignment in one store value): its one codec, records of the previous release,
 * and the one migration: a store written before the record, whose customers keep their segments.
 */
class CustomerRecordTest {

    private final CustomerRecordCodec codec = new CustomerRecordCodec();

    @Test
    void givenStatesAndAssignmentsOfManySizes_whenEncoded_thenEachPartComesBackExactly() {
        Random random = new Random(11);
        CustomerAssignment scored = previousReleaseAssignment();
        // Lengths around the varint's one- and two-byte boundary, and a long state.
        for (int stateLength : new int[] {1, 2, 126, 127, 128, 129, 300, 16_383, 16_384, 70_000}) {
            byte[] state = new byte[stateLength];
            random.nextBytes(state);
            state[0] = 2;
            for (CustomerAssignment assignment : new CustomerAssignment[] {null, scored}) {
                byte[] stored = codec.encode(new CustomerRecord(state, assignment));
                assertFalse(CustomerRecordCodec.isLegacy(stored));
                CustomerRecord read = codec.decode(stored, CustomerRecordTest::noLegacyLookup);
                assertArrayEquals(state, read.state(), "state of " + stateLength);
                assertArrayEquals(state, CustomerRecordCodec.state(stored), "state of " + stateLength);
                assertEquals(assignment, read.assignment(), "assignment with " + stateLength);
                assertEquals(assignment, codec.assignment(stored, CustomerRecordTest::noLegacyLookup));
                int header = stateLength < 128 ? 2 : stateLength < 16_384 ? 3 : 4;
                assertEquals(header + stateLength, stored.length - (assignment == null ? 0
                        : codec.encodeAssignment(assignment).length));
            }
        }
    }

    /**
     * Records the previous release wrote ({@code previous-release/customer-records.txt}, encoded by its own
     * {@code CustomerRecord} and {@code AssignmentCodec}) read to the same values and encode to the same bytes.
     */
    @Test
    void givenRecordsOfThePreviousRelease_whenReadAndWritten_thenSameValuesAndSameBytes() throws IOException {
        byte[] state = new byte[300];
        for (int i = 0; i < state.length; i++) {
            state[i] = (byte) (i * 7);
        }
        state[0] = 3;
        CustomerAssignment scored = previousReleaseAssignment();
        CustomerAssignment unscored = new CustomerAssignment(null, null, null, scored.getFeatures());
        Map<String, CustomerAssignment> expected = new HashMap<>();
        expected.put("scored", scored);
        expected.put("unscored", unscored);
        expected.put("none", null);
        int read = 0;
        try (InputStream in = getClass().getResourceAsStream("/previous-release/customer-records.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] cells = line.trim().split(" ");
                byte[] old = Base64.getDecoder().decode(cells[1]);
                CustomerRecord record = codec.decode(old, CustomerRecordTest::noLegacyLookup);
                assertArrayEquals(state, record.state(), cells[0]);
                assertEquals(expected.get(cells[0]), record.assignment(), cells[0]);
                assertArrayEquals(old, codec.encode(record), cells[0]);
                read++;
            }
        }
        assertEquals(3, read);
    }

    @Test
    void givenABareStateOfThePreviousRelease_whenRead_thenItIsLegacyWithItsStateWhole() {
        CustomerState state = new CustomerState();
        state.apply(invoice("1", "c", Instant.parse("2011-01-01T10:00:00Z").toEpochMilli(), 100_000), code -> 0);
        byte[] bare = state.encode();

        assertTrue(CustomerRecordCodec.isLegacy(bare));
        assertArrayEquals(bare, CustomerRecordCodec.state(bare));
        assertNull(codec.decode(bare, () -> null).assignment(), "no assignment in the legacy store");
        CustomerAssignment legacy = previousReleaseAssignment();
        byte[] legacyBytes = codec.encodeAssignment(legacy);
        assertEquals(legacy, codec.decode(bare, () -> legacyBytes).assignment());
        assertArrayEquals(bare, codec.decode(bare, () -> legacyBytes).state());
        assertEquals(legacy, codec.assignment(bare, () -> legacyBytes));
    }

    @Test
    void givenTruncatedRecords_whenRead_thenClearErrors() {
        byte[] stored = codec.encode(new CustomerRecord(new byte[200], previousReleaseAssignment()));
        var cut = assertThrows(IllegalStateException.class,
                () -> CustomerRecordCodec.state(Arrays.copyOf(stored, 100)));
        assertTrue(cut.getMessage().contains("claims a state of 200 bytes"), cut.getMessage());
        var header = assertThrows(IllegalStateException.class,
                () -> CustomerRecordCodec.state(new byte[] {CustomerRecordCodec.TAG, (byte) 0x80}));
        assertTrue(header.getMessage().contains("truncated customer record"), header.getMessage());
        var assignment = assertThrows(IllegalStateException.class,
                () -> codec.decode(Arrays.copyOf(stored, stored.length - 5), CustomerRecordTest::noLegacyLookup));
        assertTrue(assignment.getMessage().contains("Corrupt assignment"), assignment.getMessage());
    }

    @Test
    void givenStoresOfThePreviousRelease_whenTheCustomerBuysAgain_thenTheSegmentCarriesOverIntoOneRecord() {
        try (TopologyFixture fx = new TopologyFixture(CleaningPolicy.defaults(), AgingSchedule.NONE, 100)) {
            fx.publish(TestModels.identity(1, List.of("monetary"), new int[] {1, 2}, new String[] {"Low", "High"},
                    new double[][] {{0.0}, {1000.0}}));
            // What an upgraded application restores: a bare state, and the assignment in its own store.
            long first = Instant.parse("2011-03-01T10:00:00Z").toEpochMilli();
            CustomerState state = new CustomerState();
            state.apply(invoice("100", "old", first, 9_000_000), code -> 0);
            CustomerFeatures before = FeaturesMapping.toAvro("old", state.features(first), FeatureTrigger.PURCHASE);
            KeyValueStore<String, byte[]> records = fx.driver.getKeyValueStore(FeatureStores.CUSTOMER_STATE);
            KeyValueStore<String, byte[]> legacy = fx.driver.getKeyValueStore(FeatureStores.LEGACY_ASSIGNMENTS);
            records.put("old", state.encode());
            legacy.put("old", codec.encodeAssignment(new CustomerAssignment(2, "High", 1L, before)));

            // Still High (monetary 905): no FIRST_ASSIGNMENT, since the legacy assignment was found.
            fx.send(TopologyFixture.invoice("101", "old", "2011-03-02T10:00:00Z", "A", 1, "5.00"));
            assertEquals(2, fx.features.readValuesToList().getLast().getFrequency(), "the bare state was read");
            assertTrue(fx.changes.isEmpty(), "the segment carried over");
            byte[] record = records.get("old");
            assertFalse(CustomerRecordCodec.isLegacy(record));
            CustomerAssignment now = codec.decode(record, CustomerRecordTest::noLegacyLookup).assignment();
            assertEquals(2, now.getSegmentId());
            assertEquals(2, now.getFeatures().getFrequency());
            assertNull(legacy.get("old"), "the assignment moved into the record");

            // A return that drops monetary to 5: a BEHAVIOUR change from the carried-over segment.
            fx.send(TopologyFixture.invoice("C102", "old", "2011-03-03T10:00:00Z", "B", -1, "900.00"));
            SegmentChange change = fx.changes.readValuesToList().getLast();
            assertEquals(ChangeCause.BEHAVIOUR, change.getCause());
            assertEquals(2, change.getFromSegmentId());
            assertEquals(1, change.getToSegmentId());
        }
    }

    private static Invoice invoice(String number, String customer, long time, long priceE4) {
        return new Invoice(number, customer, "United Kingdom", time, List.of(new InvoiceLine("A", null, 1, priceE4)),
                "test");
    }

    /** The assignment in {@code previous-release/customer-records.txt}: every optional field set. */
    private static CustomerAssignment previousReleaseAssignment() {
        CustomerFeatures f = new CustomerFeatures("17850 \u00e9", Instant.ofEpochMilli(1_323_000_000_123L),
                Instant.ofEpochMilli(1_291_000_000_000L), Instant.ofEpochMilli(1_322_000_000_000L), 12, 34,
                -1234.5678, 370, 0.1 + 0.2, 4_000, 3, 99.5, FeatureTrigger.AGING, 9, LocalDate.of(2010, 12, 1),
                LocalDate.of(2011, 2, 10), 1234.56, 0.75, 1.25, 321.5, null, null, false);
        return new CustomerAssignment(-3, "Lapsed big spenders", 42L, f);
    }

    private static byte[] noLegacyLookup() {
        throw new AssertionError("a record of the current form does not look in the legacy store");
    }
}
