package io.segstream.stream.features;

import java.util.List;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Names and builders of the feature stage's state stores; all persistent (RocksDB) with a changelog topic. The
 * per-customer stores are cached, so a customer updated several times within one commit costs one RocksDB write
 * and one changelog record; the processor forwards explicitly, so caching never delays or drops an output.
 */
public final class FeatureStores {

    /** Customer id to the compact encoded {@code CustomerState}. */
    public static final String CUSTOMER_STATE = "customer-state";
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

    /** All store builders of the feature stage. */
    public static List<StoreBuilder<?>> builders() {
        return List.of(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CUSTOMER_STATE), Serdes.String(),
                        Serdes.ByteArray()).withCachingEnabled(),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PRODUCT_IDS), Serdes.String(),
                        Serdes.Integer()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(META), Serdes.String(),
                        Serdes.Long()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ERASURES), Serdes.String(),
                        Serdes.Long()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(INTERESTS), Serdes.String(),
                        Serdes.ByteArray()));
    }
}
