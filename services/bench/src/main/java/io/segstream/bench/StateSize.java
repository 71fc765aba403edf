package io.segstream.bench;

import java.nio.charset.StandardCharsets;

import io.segstream.stream.features.CustomerRecordCodec;
import io.segstream.stream.features.FeatureStores;
import io.segstream.stream.scoring.ScoringStores;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Encoded per-customer state of a running application, by a scan of its stores through interactive queries.
 *
 * @param customers entries of the customer-state store
 * @param stateValueBytes encoded {@code CustomerState} bytes inside the customer records
 * @param assignmentValueBytes the rest of the customer records (encoded {@code CustomerAssignment}s and each record's
 *                             header of two or three bytes), plus any assignments still in the legacy store
 * @param keyBytes customer-id key bytes of the customer records and of the legacy assignments
 * @param historyValueBytes encoded change histories (the query API's last changes), outside the budget measure
 * @param interestEntries customers holding a predicted interest (fewer invoices than the threshold)
 * @param interestBytes their keys and encoded predictions, outside the budget measure
 */
public record StateSize(long customers, long stateValueBytes, long assignmentValueBytes, long keyBytes,
                        long historyValueBytes, long interestEntries, long interestBytes) {

    /** (state + assignment values) / customers: the measure. */
    public double valueBytesPerCustomer() {
        return customers == 0 ? 0 : (stateValueBytes + assignmentValueBytes) / (double) customers;
    }

    /** Change-history bytes per customer. */
    public double historyBytesPerCustomer() {
        return customers == 0 ? 0 : historyValueBytes / (double) customers;
    }

    /** Predicted-interest bytes (keys and values) per customer, over all customers. */
    public double interestBytesPerCustomer() {
        return customers == 0 ? 0 : interestBytes / (double) customers;
    }

    /** Everything stored per customer, keys included. */
    public double allBytesPerCustomer() {
        return customers == 0 ? 0 : (stateValueBytes + assignmentValueBytes + keyBytes) / (double) customers;
    }

    /** Scans the stores of {@code streams}. */
    public static StateSize of(KafkaStreams streams) {
        long[] records = scan(streams, FeatureStores.CUSTOMER_STATE);
        long[] legacy = scan(streams, FeatureStores.LEGACY_ASSIGNMENTS);
        long[] history = scan(streams, ScoringStores.HISTORY);
        long[] interests = scan(streams, FeatureStores.INTERESTS);
        return new StateSize(records[0], records[3], records[2] - records[3] + legacy[2], records[1] + legacy[1],
                history[2], interests[0], interests[1] + interests[2]);
    }

    /**
     * {count, key bytes, value bytes, state bytes} of a String-keyed byte-array store; the last counts the
     * {@code CustomerState} inside each value and is for the customer-state store only.
     */
    private static long[] scan(KafkaStreams streams, String name) {
        ReadOnlyKeyValueStore<String, byte[]> store = streams.store(StoreQueryParameters.fromNameAndType(name,
                QueryableStoreTypes.keyValueStore()));
        boolean records = name.equals(FeatureStores.CUSTOMER_STATE);
        long[] totals = new long[4];
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> entry = it.next();
                totals[0]++;
                totals[1] += entry.key.getBytes(StandardCharsets.UTF_8).length;
                totals[2] += entry.value == null ? 0 : entry.value.length;
                if (records && entry.value != null) {
                    totals[3] += CustomerRecordCodec.state(entry.value).length;
                }
            }
        }
        return totals;
    }
}
