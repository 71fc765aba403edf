package io.segstream.stream.features;

import java.util.List;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Names and builders of the feature stage's state stores; all persistent (RocksDB) with a changelog topic.
 */
public final class FeatureStores {

    /**
     * Customer id to its {@link CustomerRecord}: the compact encoded {@code CustomerState} and the scoring stage's
     * assignment, read and written once per invoice.
     */
    public static final String CUSTOMER_STATE = "customer-state";
    /**
     * Customer id to the scoring assignment as releases before {@link CustomerRecord} kept it, in a store of its own:
     * read (and deleted) only for a customer whose record is still in the old format, so an upgraded application
     * keeps every customer's segment. Empty in an application that started with the current format.
     */
    public static final String LEGACY_ASSIGNMENTS = "segment-assignments";
    /**
     * The sets a heavy customer's state no longer keeps inline (invoice keys, product ids, purchase days), one row
     * per invoice and one per block of products or days, keyed by customer id first; see {@link CustomerHistory}.
     * Empty for customers below the inline limits of {@code CustomerState}.
     */
    public static final String CUSTOMER_HISTORY = "customer-history";
    /** Stock code to the product id used inside the customer states of this task. */
    public static final String PRODUCT_IDS = "product-ids";
    /** Small bookkeeping values of the task (next product id, last aging day). */
    public static final String META = "feature-meta";
    /**
     * Erased customer id to the latest erasure request time: the one thing kept about an erased customer, so that an
     * invoice older than the request cannot bring it back.
     */
    public static final String ERASURES = "erasures";
    /**
     * Customer id to the interest predicted from their first invoice, while they have fewer invoices than the
     * threshold; see {@link io.segstream.stream.interest.PredictedInterest}.
     */
    public static final String INTERESTS = "predicted-interests";

    private FeatureStores() {
    }

    /**
     * All store builders of the feature stage. None is behind Kafka Streams' record cache: it would merge a
     * customer's updates within one commit interval into one RocksDB write and one changelog record, but a customer
     * rarely has two invoices that close together, so it saved almost nothing and its bookkeeping and commit-time
     * flush cost more. Measured A/B, interleaved (docs/performance.md, 2026-12-02): without the cache on the customer
     * states and assignments, {@code bench ceiling} features only 11,744 to 15,965 records/s (medians of 3), features
     * + scoring 14,231 to 16,794; {@code bench replay} as a running service 5,552 and 5,960 to 7,047 and 7,138
     * invoices/s.
     */
    public static List<StoreBuilder<?>> builders() {
        return List.of(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CUSTOMER_STATE), Serdes.String(),
                        Serdes.ByteArray()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CUSTOMER_HISTORY), Serdes.Bytes(),
                        Serdes.ByteArray()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PRODUCT_IDS), Serdes.String(),
                        Serdes.Integer()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(META), Serdes.String(),
                        Serdes.Long()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ERASURES), Serdes.String(),
                        Serdes.Long()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(INTERESTS), Serdes.String(),
                        Serdes.ByteArray()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LEGACY_ASSIGNMENTS), Serdes.String(),
                        Serdes.ByteArray()));
    }
}
