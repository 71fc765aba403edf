package io.segstream.stream.features;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.segstream.avro.CustomerAssignment;
import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.FeatureTrigger;
import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.core.features.CustomerState;
import io.segstream.core.features.Features;
import io.segstream.core.interest.FirstInvoice;
import io.segstream.core.invoice.Invoice;
import io.segstream.core.invoice.ProductCodes;
import io.segstream.platform.mapping.FeaturesMapping;
import io.segstream.stream.erasure.Erasure;
import io.segstream.stream.interest.PredictedInterest;
import io.segstream.stream.lifetime.PredictionModels;
import io.segstream.stream.validation.IntakeCounters;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each customer's rolling RFM state and emits the customer's features on every applied invoice, and again
 * when recency reaches an aging checkpoint with no new invoice. The state math is the core's {@link CustomerState},
 * the same code the batch analysis and the trainer use, so stream and batch agree by construction. With a
 * {@link Predictions} source every emitted record also carries the customer's lifetime values (P(alive), expected
 * purchases, value) under the newest model's fit.
 *
 * <p>The customer's state and its scoring assignment are one {@link CustomerRecord}: each features update goes to
 * the features topic and, as a {@link CustomerUpdate} carrying the record with the new state and the stored
 * assignment, to the scoring stage, which writes the record with its new assignment: one store write (one changelog
 * record) per invoice. Without a scoring stage this processor writes the record.
 *
 * <p>A heavy customer's large sets (invoice keys, products, purchase days) live in {@link CustomerHistory} rows
 * written only when a member is new, so the record stays a few hundred bytes and an invoice's cost does not grow with
 * the customer's history; a record written before that moves its large sets there on its next invoice.
 *
 * <p>Invoices of an anonymous account (a customer id listed in {@code segstream.customers.anonymous}: a guest or
 * walk-in account, a house account) are counted and dropped before any store is read: such an account gets no state,
 * no features record and no segment. A state it had before it was listed stays as it was (an erasure removes it).
 *
 * <p>An {@link Erasure} deletes the customer's state, history rows and aging entry and emits a tombstone (null features), which
 * empties the features topic's key and tells scoring to drop the assignment. Only the customer id and the request
 * time are kept, in {@link FeatureStores#ERASURES}: an invoice timestamped before the request is dropped (counted,
 * never dead-lettered, since that would store it again); a later one starts a new customer from zero.
 */
public final class FeatureProcessor implements Processor<String, Object, String, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(FeatureProcessor.class);

    static final long DAY_MILLIS = 86_400_000L;
    private static final String NEXT_PRODUCT_ID = "next-product-id";
    static final String LAST_AGING_DAY = "last-aging-day";

    private final CleaningPolicy policy;
    private final AgingSchedule aging;
    private final IntakeCounters counters;
    private final StreamClock clock;
    private final Predictions predictions;
    private final Outputs outputs;
    private final Set<String> anonymous;
    /** Stock code to product id, or -1 for a fee code that is not a product. */
    private final Map<String, Integer> productCache = new HashMap<>();
    private ProcessorContext<String, Object> context;
    private CustomerRecordStore records;
    private KeyValueStore<String, Integer> productIds;
    private final AgingIndex agingIndex = new AgingIndex();
    private KeyValueStore<String, Long> meta;
    private KeyValueStore<String, Long> erasures;
    private KeyValueStore<String, byte[]> interests;
    private KeyValueStore<Bytes, byte[]> historyStore;
    private CustomerHistory history;
    /** The erased customers of this task, so an invoice costs no store read unless its customer was erased. */
    private final Set<String> erased = new HashSet<>();
    /** Wall-clock time of this instance's last aging pass; the catch-up pause is not worth a store write. */
    private long lastAgingWallMillis = Long.MIN_VALUE;

    /** A feature processor without lifetime values. */
    public FeatureProcessor(CleaningPolicy policy, AgingSchedule aging, IntakeCounters counters,
                            StreamClock clock, Outputs outputs) {
        this(policy, aging, counters, clock, null, Set.of(), outputs);
    }

    /**
     * A feature processor that also predicts lifetime values and new customers' interests.
     *
     * @param predictions where the lifetime-value and interest models come from, null for none (the features then
     *                    carry no scores and no interest)
     * @param anonymous customer ids that are not people: their invoices are counted, never applied
     * @param outputs   the names of its children
     */
    public FeatureProcessor(CleaningPolicy policy, AgingSchedule aging, IntakeCounters counters,
                            StreamClock clock, Predictions predictions, Set<String> anonymous, Outputs outputs) {
        this.policy = policy;
        this.aging = aging;
        this.counters = counters;
        this.clock = clock;
        this.predictions = predictions;
        this.outputs = outputs;
        this.anonymous = Set.copyOf(anonymous);
    }

    /**
     * The processor's children, by node name.
     *
     * @param features the sink of the features topic, sent {@link CustomerFeatures} (null: an erasure)
     * @param scoring  the scoring processor, sent {@link CustomerUpdate}s; null when there is none
     */
    public record Outputs(String features, String scoring) {
        /** Requires the features sink. */
        public Outputs {
            if (features == null) {
                throw new IllegalArgumentException("the features sink is required");
            }
        }
    }

    /**
     * Where lifetime values and predicted interests come from: the models store (a global store of the topology),
     * how often it is looked at again, and below how many invoices a customer's interest is predicted.
     *
     * @param models          the per-task lifetime-value and interest models
     * @param modelsStore     name of the global models store
     * @param refreshInterval wall-clock interval of the refresh
     */
    public record Predictions(PredictionModels models, String modelsStore, Duration refreshInterval,
                              int interestBelowInvoices) {
        /** Validates the threshold. */
        public Predictions {
            if (interestBelowInvoices < 1) {
                throw new IllegalArgumentException("interestBelowInvoices must be at least 1 (1: no predictions), got "
                        + interestBelowInvoices);
            }
        }
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        // A task that resumes (a restart, a task moved here) has its stream time back from the committed offsets'
        // metadata before any record: the query API's "now" on an instance that has processed nothing yet.
        if (context.currentStreamTimeMs() >= 0) {
            clock.advance(context.currentStreamTimeMs());
        }
        // Rebuilt from the store after any restore, so an aborted transaction cannot leave ids the store lost.
        productCache.clear();
        records = new CustomerRecordStore(context);
        productIds = context.getStateStore(FeatureStores.PRODUCT_IDS);
        meta = context.getStateStore(FeatureStores.META);
        erasures = context.getStateStore(FeatureStores.ERASURES);
        interests = context.getStateStore(FeatureStores.INTERESTS);
        historyStore = context.getStateStore(FeatureStores.CUSTOMER_HISTORY);
        history = new CustomerHistory(historyStore);
        erased.clear();
        try (KeyValueIterator<String, Long> it = erasures.all()) {
            it.forEachRemaining(entry -> erased.add(entry.key));
        }
        if (predictions != null) {
            predictions.models().init(context.getStateStore(predictions.modelsStore()));
            context.schedule(predictions.refreshInterval(), PunctuationType.WALL_CLOCK_TIME,
                    now -> predictions.models().refresh());
        }
        agingIndex.clear();
        if (aging.enabled()) {
            // Rebuilt from the restored states, so it always matches what the store holds.
            try (KeyValueIterator<String, byte[]> it = records.bytes().all()) {
                while (it.hasNext()) {
                    KeyValue<String, byte[]> entry = it.next();
                    agingIndex.put(entry.key, Math.floorDiv(
                            CustomerState.lastPurchaseMillis(CustomerRecordCodec.state(entry.value)), DAY_MILLIS));
                }
            }
            context.schedule(aging.interval(), PunctuationType.STREAM_TIME, this::age);
            if (!aging.catchUpPause().isZero()) {
                // A pass the catch-up pause held back runs once the pause is over, even if no invoice follows.
                context.schedule(aging.catchUpPause(), PunctuationType.WALL_CLOCK_TIME,
                        wallClock -> age(context.currentStreamTimeMs()));
            }
        }
    }

    @Override
    public void process(Record<String, Object> record) {
        String customer = record.key();
        if (record.value() instanceof Erasure erasure) {
            erase(customer, erasure, record.timestamp());
            return;
        }
        Invoice invoice = (Invoice) record.value();
        if (!anonymous.isEmpty() && anonymous.contains(customer)) {
            // Not a person: no state, no features, no segment; one counter, no store touched.
            counters.anonymousInvoice();
            return;
        }
        if (!erased.isEmpty() && erased.contains(customer)) {
            Long requestedAt = erasures.get(customer);
            if (requestedAt != null && invoice.invoiceTimeMillis() < requestedAt) {
                counters.erasedInvoice();
                return;
            }
        }
        byte[] stored = records.bytes(customer);
        CustomerState state = stored == null ? new CustomerState()
                : CustomerState.decode(CustomerRecordCodec.state(stored));
        long previousLast = state.isEmpty() ? Long.MIN_VALUE : state.lastPurchaseMillis();
        boolean applied = state.apply(invoice, this::productId, history.of(customer));
        history.flush();
        if (!applied) {
            counters.duplicateInvoice();
            return;
        }
        long asOf = Math.max(context.currentStreamTimeMs(), invoice.invoiceTimeMillis());
        clock.advance(asOf);
        var features = state.features(asOf);
        if (aging.enabled() && features.lastPurchaseMillis() != previousLast) {
            agingIndex.put(customer, Math.floorDiv(features.lastPurchaseMillis(), DAY_MILLIS));
        }
        FeatureTrigger trigger = invoice.isCancellation() ? FeatureTrigger.RETURN : FeatureTrigger.PURCHASE;
        PredictedInterest interest = interest(customer, invoice, features.frequency());
        // Headers travel on (e.g. the producer's send time) so latency can be measured end to end.
        Record<String, CustomerFeatures> out = new Record<>(customer, toAvro(customer, features, trigger, interest),
                asOf, record.headers());
        context.forward(out, outputs.features());
        update(out, stored, state.encode());
    }

    /**
     * Writes the customer's record with its new {@code state} and the stored assignment: through the scoring stage,
     * which stores it with the new assignment, or here when there is none.
     */
    private void update(Record<String, CustomerFeatures> features, byte[] stored, byte[] state) {
        CustomerAssignment previous = stored == null ? null : records.take(features.key(), stored).assignment();
        CustomerRecord record = new CustomerRecord(state, previous);
        if (outputs.scoring() == null) {
            records.put(features.key(), record);
        } else {
            context.forward(features.withValue(new CustomerUpdate(features.value(), record)), outputs.scoring());
        }
    }

    /**
     * The predicted interest of a customer with {@code frequency} invoices after {@code invoice}: predicted and kept
     * on the first invoice (when it is a sale and an interest model is there), read back below the threshold,
     * deleted when the threshold is reached. One store operation per invoice only for customers below it.
     */
    private PredictedInterest interest(String customer, Invoice invoice, int frequency) {
        if (predictions == null || predictions.interestBelowInvoices() < 2 || frequency > predictions.interestBelowInvoices()) {
            return null;
        }
        if (frequency == predictions.interestBelowInvoices()) {
            interests.delete(customer);
            return null;
        }
        if (frequency == 1) {
            PredictedInterest p = FirstInvoice.counts(invoice) ? predictions.models().predictInterest(invoice) : null;
            if (p != null) {
                interests.put(customer, p.encode());
            }
            return p;
        }
        return PredictedInterest.decode(interests.get(customer));
    }

    private void erase(String customer, Erasure erasure, long timestamp) {
        byte[] stored = records.bytes(customer);
        CustomerRecord record = stored == null ? null : records.take(customer, stored);
        records.delete(customer);
        CustomerHistory.erase(historyStore, customer);
        interests.delete(customer);
        agingIndex.remove(customer);
        Long earlier = erasures.get(customer);
        erasures.put(customer, earlier == null ? erasure.requestedAtMillis()
                : Math.max(earlier, erasure.requestedAtMillis()));
        erased.add(customer);
        counters.erasure();
        // Logs at INFO never name a customer (docs/security.md): the id goes to DEBUG only.
        LOG.info("Erased a customer of task {} (request of {})", context.taskId(),
                Instant.ofEpochMilli(erasure.requestedAtMillis()));
        LOG.debug("Erased customer {}", customer);
        // The tombstone empties the features topic's key; scoring learns of the erasure with the assignment it drops.
        Record<String, CustomerFeatures> tombstone = new Record<>(customer, null, Math.max(timestamp, 0));
        context.forward(tombstone, outputs.features());
        if (outputs.scoring() != null) {
            context.forward(tombstone.withValue(new CustomerUpdate(null, record)), outputs.scoring());
        }
    }

    /**
     * Re-emits the customers whose recency reached a checkpoint since the last punctuation: for checkpoint c, those
     * whose last purchase fell on a day in (lastAgingDay - c, today - c]. One range of the index per checkpoint.
     */
    private void age(long streamTime) {
        if (streamTime < 0) {
            return;
        }
        long today = Math.floorDiv(streamTime, DAY_MILLIS);
        Long lastAgingDay = meta.get(LAST_AGING_DAY);
        if (lastAgingDay == null) {
            meta.put(LAST_AGING_DAY, today);
            return;
        }
        long wallClock = context.currentSystemTimeMs();
        if (lastAgingDay >= today || !aging.passDue(lastAgingDay * DAY_MILLIS, today * DAY_MILLIS,
                lastAgingWallMillis, wallClock)) {
            return;
        }
        meta.put(LAST_AGING_DAY, today);
        lastAgingWallMillis = wallClock;
        Set<String> emitted = new HashSet<>();
        for (int checkpoint : aging.checkpointDays()) {
            agingIndex.forEachBetween(lastAgingDay - checkpoint + 1, today - checkpoint + 1, customer -> {
                if (emitted.add(customer)) {
                    emitAged(customer, streamTime);
                }
            });
        }
    }

    private void emitAged(String customer, long streamTime) {
        if (anonymous.contains(customer)) {
            return;
        }
        byte[] stored = records.bytes(customer);
        if (stored == null) {
            return;
        }
        byte[] state = CustomerRecordCodec.state(stored);
        var features = CustomerState.decode(state).features(streamTime);
        PredictedInterest interest = predictions != null && features.frequency() < predictions.interestBelowInvoices()
                ? PredictedInterest.decode(interests.get(customer)) : null;
        Record<String, CustomerFeatures> out = new Record<>(customer,
                toAvro(customer, features, FeatureTrigger.AGING, interest), streamTime);
        context.forward(out, outputs.features());
        if (outputs.scoring() != null) {
            update(out, stored, state);
        }
    }

    private CustomerFeatures toAvro(String customer, Features features, FeatureTrigger trigger,
            PredictedInterest interest) {
        return FeaturesMapping.toAvro(customer, features, trigger,
                predictions == null ? null : predictions.models().score(features), interest == null ? null
                        : new FeaturesMapping.Interest(interest.category(), interest.name()));
    }

    private int productId(String stockCode) {
        // One lookup per line on the hot path: the cache also remembers the fee verdict (as -1), so a known code
        // needs neither the fee check nor the store.
        Integer cached = productCache.get(stockCode);
        if (cached != null) {
            return cached;
        }
        int id;
        if (!policy.feesAsProducts() && ProductCodes.isFee(stockCode)) {
            id = -1;
        } else {
            Integer stored = productIds.get(stockCode);
            if (stored == null) {
                Long next = meta.get(NEXT_PRODUCT_ID);
                stored = next == null ? 0 : next.intValue();
                productIds.put(stockCode, stored);
                meta.put(NEXT_PRODUCT_ID, stored + 1L);
            }
            id = stored;
        }
        productCache.put(stockCode, id);
        return id;
    }
}
