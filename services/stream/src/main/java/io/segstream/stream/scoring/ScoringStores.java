package io.segstream.stream.scoring;

import java.util.List;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** State stores of the scoring stage. */
public final class ScoringStores {

    /** Re-scoring progress of the task: the model version fully re-scored and the cursor of a partial pass. */
    public static final String META = "scoring-meta";
    /** Customer id to its last changes ({@link ChangeHistoryCodec}), for the query API. */
    public static final String HISTORY = "segment-change-history";
    /** Global store: model name to the latest {@code SegmentModel} bytes of the models topic. */
    public static final String MODELS = "segment-models-store";

    private ScoringStores() {
    }

    /**
     * The scoring stage's own per-task stores (a customer's assignment lives in the feature stage's
     * {@link io.segstream.stream.features.CustomerRecord}), persistent with changelogs, none behind Kafka Streams'
     * record cache: a customer rarely gets two invoices within one commit interval, so the cache saved almost no
     * writes and cost more than it saved (see {@link io.segstream.stream.features.FeatureStores#builders()}).
     */
    public static List<StoreBuilder<?>> builders() {
        return List.of(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(META), Serdes.String(), Serdes.String()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HISTORY), Serdes.String(),
                        Serdes.ByteArray()));
    }

    /** The global model store; the models topic itself is its changelog. */
    public static StoreBuilder<KeyValueStore<String, byte[]>> models() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(MODELS), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled();
    }
}
