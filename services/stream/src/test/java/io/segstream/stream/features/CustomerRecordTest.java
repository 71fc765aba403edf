package io.segstream.stream.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
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
import io.segstream.stream.scoring.AssignmentCodec;
import io.segstream.stream.testing.TestModels;
import io.segstream.stream.testing.TopologyFixture;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The customer record (state and assignment in one store value): its format, and a store written by the release
 * before it, whose customers keep their segments.
 */
class CustomerRecordTest {

    @Test
    void givenStatesAndAssignmentsOfManySizes_whenJoined_thenEachPartComesBackExactly() {
        Random random = new Random(11);
        // Lengths around the varint's one- and two-byte boundary, and a long state.
        for (int stateLength : new int[] {1, 2, 126, 127, 128, 129, 300, 16_383, 16_384, 70_000}) {
            byte[] state = new byte[stateLength];
            random.nextBytes(state);
            state[0] = 2;
            for (byte[] assignment : new byte[][] {null, {0x7E}, bytes(random, 140)}) {
                byte[] record = CustomerRecord.of(state, assignment);
                assertFalse(CustomerRecord.isLegacy(record));
                assertArrayEquals(state, CustomerRecord.state(record), "state of " + stateLength);
                assertArrayEquals(assignment, CustomerRecord.assignment(record), "assignment with " + stateLength);
                byte[] other = bytes(random, 20);
                byte[] replaced = CustomerRecord.withAssignment(record, other);
                assertArrayEquals(state, CustomerRecord.state(replaced));
                assertArrayEquals(other, CustomerRecord.assignment(replaced));
                int header = stateLength < 128 ? 2 : stateLength < 16_384 ? 3 : 4;
                assertEquals(header + stateLength + (assignment == null ? 0 : assignment.length), record.length);
            }
        }
    }

    @Test
    void givenABareStateOfThePreviousRelease_whenRead_thenItIsLegacyWithItsStateWhole() {
        CustomerState state = new CustomerState();
        state.apply(invoice("1", "c", Instant.parse("2011-01-01T10:00:00Z").toEpochMilli(), 100_000), code -> 0);
        byte[] bare = state.encode();

        assertTrue(CustomerRecord.isLegacy(bare));
        assertArrayEquals(bare, CustomerRecord.state(bare));
        assertNull(CustomerRecord.assignment(bare), "its assignment is in the legacy store");
        byte[] legacy = {0x7E, 1};
        assertArrayEquals(legacy, CustomerRecord.assignment(bare, () -> legacy));
        byte[] current = CustomerRecord.of(bare, new byte[] {0x7E, 2});
        assertArrayEquals(new byte[] {0x7E, 2}, CustomerRecord.assignment(current, () -> {
            throw new AssertionError("a current record does not look in the legacy store");
        }));
    }

    @Test
    void givenTruncatedRecords_whenRead_thenClearErrors() {
        byte[] record = CustomerRecord.of(new byte[200], new byte[] {1, 2});
        var cut = assertThrows(IllegalArgumentException.class,
                () -> CustomerRecord.state(Arrays.copyOf(record, 100)));
        assertTrue(cut.getMessage().contains("claims a state of 200 bytes"), cut.getMessage());
        var header = assertThrows(IllegalArgumentException.class,
                () -> CustomerRecord.state(new byte[] {CustomerRecord.TAG, (byte) 0x80}));
        assertTrue(header.getMessage().contains("truncated customer record"), header.getMessage());
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
            legacy.put("old", new AssignmentCodec().encode(new CustomerAssignment(2, "High", 1L, before)));

            // Still High (monetary 905): no FIRST_ASSIGNMENT, since the legacy assignment was found.
            fx.send(TopologyFixture.invoice("101", "old", "2011-03-02T10:00:00Z", "A", 1, "5.00"));
            assertEquals(2, fx.features.readValuesToList().getLast().getFrequency(), "the bare state was read");
            assertTrue(fx.changes.isEmpty(), "the segment carried over");
            byte[] record = records.get("old");
            assertFalse(CustomerRecord.isLegacy(record));
            CustomerAssignment now = new AssignmentCodec().decode(CustomerRecord.assignment(record));
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

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
