package io.segstream.stream.features;

import io.segstream.avro.CustomerAssignment;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A task's customer records, as the feature and scoring stages read and write them: the
 * {@link FeatureStores#CUSTOMER_STATE} store through {@link CustomerRecordCodec}, and the one migration path. A
 * record of the old form (a bare state) takes its assignment from the {@link FeatureStores#LEGACY_ASSIGNMENTS} store;
 * {@link #take} deletes it there, since the record written next holds it. One instance per processor.
 */
public final class CustomerRecordStore {

    private final KeyValueStore<String, byte[]> records;
    private final KeyValueStore<String, byte[]> legacyAssignments;
    private final CustomerRecordCodec codec = new CustomerRecordCodec();

    /** The stores of {@code context}'s task; both must be connected to the processor. */
    public CustomerRecordStore(ProcessorContext<?, ?> context) {
        this(context.getStateStore(FeatureStores.CUSTOMER_STATE),
                context.getStateStore(FeatureStores.LEGACY_ASSIGNMENTS));
    }

    CustomerRecordStore(KeyValueStore<String, byte[]> records, KeyValueStore<String, byte[]> legacyAssignments) {
        this.records = records;
        this.legacyAssignments = legacyAssignments;
    }

    /** The stored bytes of every customer of the task, for passes over all of them. */
    public KeyValueStore<String, byte[]> bytes() {
        return records;
    }

    /** The stored bytes of {@code customer}'s record, null for none. */
    public byte[] bytes(String customer) {
        return records.get(customer);
    }

    /** The record of {@code customer} stored as {@code stored}, leaving the stores as they are. */
    public CustomerRecord read(String customer, byte[] stored) {
        return codec.decode(stored, () -> legacyAssignments.get(customer));
    }

    /** The assignment in {@code customer}'s record stored as {@code stored}, null for none; stores unchanged. */
    public CustomerAssignment assignment(String customer, byte[] stored) {
        return codec.assignment(stored, () -> legacyAssignments.get(customer));
    }

    /**
     * The record of {@code customer} stored as {@code stored}, for a caller that writes or deletes it next: an
     * assignment of the old form leaves the legacy store here.
     */
    public CustomerRecord take(String customer, byte[] stored) {
        CustomerRecord record = read(customer, stored);
        if (record.assignment() != null) {
            moved(customer, stored);
        }
        return record;
    }

    /**
     * Tells that {@code customer}'s record, stored as {@code stored}, was just written with its assignment: one of
     * the old form leaves the legacy store.
     */
    public void moved(String customer, byte[] stored) {
        if (CustomerRecordCodec.isLegacy(stored)) {
            legacyAssignments.delete(customer);
        }
    }

    /** Stores {@code record} as {@code customer}'s. */
    public void put(String customer, CustomerRecord record) {
        records.put(customer, codec.encode(record));
    }

    /** Deletes {@code customer}'s record, in either form. */
    public void delete(String customer) {
        records.delete(customer);
        legacyAssignments.delete(customer);
    }
}
