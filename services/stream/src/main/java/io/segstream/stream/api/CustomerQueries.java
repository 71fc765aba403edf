package io.segstream.stream.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import java.util.Optional;

import io.segstream.avro.ChangeDigest;
import io.segstream.avro.CustomerAssignment;
import io.segstream.avro.SegmentChange;
import io.segstream.core.clv.ClvModel;
import io.segstream.core.features.CustomerState;
import io.segstream.core.features.Features;
import io.segstream.stream.features.CustomerRecordCodec;
import io.segstream.stream.features.FeatureStores;
import io.segstream.stream.features.StreamClock;
import io.segstream.stream.interest.PredictedInterest;
import io.segstream.stream.lifetime.LifetimeModels;
import io.segstream.stream.lifetime.PredictionModels;
import io.segstream.platform.mapping.ExplanationText;
import io.segstream.stream.scoring.ChangeHistoryCodec;
import io.segstream.stream.scoring.ScoringReadModel;
import io.segstream.stream.scoring.ScoringModel;
import io.segstream.stream.scoring.ScoringStores;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * What the query API reads from this instance's state stores, and where Kafka Streams says a key lives. No HTTP:
 * the {@link QueryServer} turns the answers into responses and the {@link PeerClient} asks other instances.
 */
final class CustomerQueries {

    /** Thrown when a store cannot be queried (rebalancing, not yet running). */
    static final class NotQueryable extends RuntimeException {

        private static final long serialVersionUID = 1L;

        NotQueryable(String message) {
            super(message);
        }
    }

    private final KafkaStreams streams;
    private final StreamClock clock;
    private final HostInfo self;
    private final LifetimeModels lifetime;
    private final ScoringReadModel scoring;

    CustomerQueries(KafkaStreams streams, StreamClock clock, HostInfo self, LifetimeModels lifetime,
                    ScoringReadModel scoring) {
        this.streams = streams;
        this.clock = clock;
        this.self = self;
        this.lifetime = lifetime;
        this.scoring = scoring;
    }

    /** The instance this API runs in. */
    HostInfo self() {
        return self;
    }

    /** The partition and active host of a customer, empty while metadata is not available. */
    Optional<KeyQueryMetadata> owner(String customer) {
        KeyQueryMetadata owner = streams.queryMetadataForKey(FeatureStores.CUSTOMER_STATE, customer,
                Serdes.String().serializer());
        return owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE) ? Optional.empty() : Optional.of(owner);
    }

    /**
     * A customer held on this instance: features at the current stream time and current segment.
     *
     * @return empty for an unknown customer
     * @throws NotQueryable when the store cannot be read
     */
    Optional<CustomerView> customer(String id, int partition) {
        byte[] encoded = get(FeatureStores.CUSTOMER_STATE, partition, id);
        if (encoded == null) {
            return Optional.empty();
        }
        long streamTime = clock.millis();
        if (streamTime == Long.MIN_VALUE) {
            // A restarted instance whose tasks' stream time was not restored (no committed time, no record yet)
            // cannot say "now" for recency; another instance or a moment later can.
            throw new NotQueryable("stream time not known yet on this instance");
        }
        CustomerState state = CustomerState.decode(CustomerRecordCodec.state(encoded));
        // As the feature stage does: never before the customer's own last invoice.
        long asOf = state.isEmpty() ? streamTime : Math.max(streamTime, state.lastPurchaseMillis());
        var features = state.features(asOf);
        return Optional.of(new CustomerView(id, Instant.ofEpochMilli(asOf).toString(), features,
                segmentOf(id, partition, encoded), lifetimeOf(features), self.host() + ":" + self.port(),
                changesOf(id, partition), interestOf(id, partition)));
    }

    /** The customer's last changes, named by the newest model; empty when the store cannot be read. */
    private List<CustomerView.ChangeView> changesOf(String id, int partition) {
        List<ChangeDigest> digests;
        try {
            digests = new ChangeHistoryCodec().decode(get(ScoringStores.HISTORY, partition, id));
        } catch (NotQueryable e) {
            return List.of();
        }
        ScoringModel model = scoring.newestModel();
        List<String> features = model == null ? List.of() : model.featureNames();
        Map<Integer, String> names = scoring.segmentNames();
        List<CustomerView.ChangeView> out = new ArrayList<>(digests.size());
        for (ChangeDigest digest : digests) {
            SegmentChange c = ChangeHistoryCodec.toChange(id, digest, features,
                    segment -> names.getOrDefault(segment, String.valueOf(segment)));
            out.add(new CustomerView.ChangeView(c.getEventTime().toString(), c.getCause().name(),
                    c.getFromSegmentId(), c.getFromSegmentName(), c.getToSegmentId(), c.getToSegmentName(),
                    c.getToModelVersion(), ExplanationText.of(c), c.getExplanationKind().name(),
                    c.getExplanation().stream().map(i -> new CustomerView.ItemView(i.getFeature(), i.getBefore(),
                            i.getAfter(), i.getContribution(), i.getShare())).toList()));
        }
        return out;
    }

    private CustomerView.InterestView interestOf(String id, int partition) {
        PredictedInterest p = PredictedInterest.decode(get(FeatureStores.INTERESTS, partition, id));
        return p == null ? null : new CustomerView.InterestView(p.category(), p.name(), p.probability(),
                p.modelVersion(), true);
    }

    private CustomerView.LifetimeView lifetimeOf(Features features) {
        LifetimeModels.Versioned model = lifetime.current();
        ClvModel.Scores scores = model == null ? null : PredictionModels.score(model.model(), features);
        return scores == null ? null : new CustomerView.LifetimeView(scores.pAlive(), scores.expectedPurchases(),
                model.model().outlookDays(), scores.lifetimeValue(), model.model().horizonMonths(), model.version());
    }

    /**
     * A page of this instance's customers currently in a segment, by id or (case-insensitive) name: the first
     * {@code limit} in customer id order ({@link String#compareTo}) after {@code after} (null: from the start). Every
     * customer of the instance is looked at, since the store's partitions are each in key order but not together; a
     * record is decoded only while it could still be on the page.
     *
     * @throws NotQueryable when the store cannot be read
     */
    List<CustomerView.SegmentView> members(String segment, int limit, String after) {
        TreeMap<String, CustomerView.SegmentView> page = new TreeMap<>();
        CustomerRecordCodec codec = new CustomerRecordCodec();
        try (var it = store(FeatureStores.CUSTOMER_STATE, null).all()) {
            while (it.hasNext()) {
                var entry = it.next();
                if ((after != null && entry.key.compareTo(after) <= 0)
                        || (page.size() == limit && entry.key.compareTo(page.lastKey()) >= 0)) {
                    continue;
                }
                CustomerAssignment a = codec.assignment(entry.value,
                        () -> get(FeatureStores.LEGACY_ASSIGNMENTS, null, entry.key));
                if (a != null && a.getSegmentId() != null && (segment.equals(String.valueOf(a.getSegmentId()))
                        || segment.equalsIgnoreCase(a.getSegmentName()))) {
                    page.put(entry.key, view(entry.key, a));
                    if (page.size() > limit) {
                        page.pollLastEntry();
                    }
                }
            }
        } catch (InvalidStateStoreException e) {
            throw new NotQueryable("store not queryable: " + e.getMessage());
        }
        return new ArrayList<>(page.values());
    }

    /** The other instances that hold customers. */
    List<HostInfo> peers() {
        List<HostInfo> peers = new ArrayList<>();
        for (StreamsMetadata other : streams.streamsMetadataForStore(FeatureStores.CUSTOMER_STATE)) {
            if (!other.hostInfo().equals(self)) {
                peers.add(other.hostInfo());
            }
        }
        return peers;
    }

    /** The application's state, and whether it answers queries. */
    KafkaStreams.State state() {
        return streams.state();
    }

    /** The instance's stream time, {@code Long.MIN_VALUE} before any record. */
    long streamTime() {
        return clock.millis();
    }

    /** The segment in a customer's record; for a record of the old format, the one in the legacy store. */
    private CustomerView.SegmentView segmentOf(String id, int partition, byte[] record) {
        try {
            return view(id, new CustomerRecordCodec().assignment(record,
                    () -> get(FeatureStores.LEGACY_ASSIGNMENTS, partition, id)));
        } catch (NotQueryable e) {
            return null;
        }
    }

    private static CustomerView.SegmentView view(String id, CustomerAssignment a) {
        return a == null || a.getSegmentId() == null ? null
                : new CustomerView.SegmentView(id, a.getSegmentId(), a.getSegmentName(), a.getModelVersion());
    }

    /**
     * One key of a store's partition on this instance.
     *
     * @throws NotQueryable when the store cannot be read, also when the read itself is refused (a task migrating)
     */
    private byte[] get(String store, Integer partition, String key) {
        ReadOnlyKeyValueStore<String, byte[]> s = store(store, partition);
        try {
            return s.get(key);
        } catch (InvalidStateStoreException e) {
            throw new NotQueryable("store not queryable: " + e.getMessage());
        }
    }

    private ReadOnlyKeyValueStore<String, byte[]> store(String name, Integer partition) {
        try {
            var parameters = StoreQueryParameters.fromNameAndType(name,
                    QueryableStoreTypes.<String, byte[]>keyValueStore());
            return streams.store(partition == null ? parameters : parameters.withPartition(partition));
        } catch (RuntimeException e) {
            throw new NotQueryable("store not queryable: " + e.getMessage());
        }
    }
}
