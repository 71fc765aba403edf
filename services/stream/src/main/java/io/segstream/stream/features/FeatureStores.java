package io.segstream.stream.features;

import java.util.List;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
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
    /** {@code <last purchase day, 8 digits>|<customer id>} for the aging scan; values are empty. */
    public static final String AGING_INDEX = "aging-index";
    /** Small bookkeeping values of the task (next product id, last aging day). */
    public static final String META = "feature-meta";

    private FeatureStores() {
    }

    /** All store builders of the feature stage. */
    public static List<StoreBuilder<?>> builders() {
        return List.of(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CUSTOMER_STATE), Serdes.String(),
                        Serdes.ByteArray()).withCachingEnabled(),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PRODUCT_IDS), Serdes.String(),
                        Serdes.Integer()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AGING_INDEX), Serdes.String(),
                        Serdes.ByteArray()).withCachingEnabled(),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(META), Serdes.String(),
                        Serdes.Long()));
    }

    /** The aging-index key of a customer whose last purchase fell on {@code day} (days since the epoch, UTC). */
    static String agingKey(long day, String customerId) {
        return agingDayStart(day) + customerId;
    }

    /** The first aging-index key of {@code day}: the day zero-padded to 8 digits, then {@code |}. */
    static String agingDayStart(long day) {
        if (day < 0 || day > 99_999_999L) {
            return String.format("%08d|", day);
        }
        // On the hot path (twice per invoice whose purchase day moves): no Formatter.
        String digits = Long.toString(day);
        return "0".repeat(8 - digits.length()) + digits + '|';
    }
}
