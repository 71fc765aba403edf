package io.segstream.stream.scoring;

import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.segstream.avro.ChangeCause;
import io.segstream.avro.CustomerAssignment;
import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.FeatureTrigger;
import io.segstream.avro.SegmentChange;
import io.segstream.avro.SegmentModel;
import io.segstream.platform.topics.EventHeaders;
import io.segstream.stream.drift.DriftMonitor;
import io.segstream.stream.features.CustomerRecord;
import io.segstream.stream.features.CustomerRecordStore;
import io.segstream.stream.features.CustomerUpdate;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores every features update against the latest model and emits a {@link SegmentChange} only when the customer's
 * segment really changes. The feature stage hands over each update as a {@link CustomerUpdate}: the new features and
 * the customer's {@link CustomerRecord} with its new state and stored assignment, which this processor writes back
 * with the new assignment (one store write per invoice). Customers whose features arrive before any model are kept
 * and assigned when the first model lands. Three helpers hold the rest: the {@link ModelHolder} picks up newer valid models from the global store, the
 * {@link RescorePass} re-scores every customer of the task in bounded chunks after a model update (MODEL_UPDATE
 * changes where the aligned segment differs), and the {@link DriftBook} keeps the task's segment sizes (each customer
 * where its stored assignment puts it, so a swap moves customers one by one as the pass reaches them) and its drift
 * counts (reported for a new model only once its pass is complete).
 */
public final class ScoringProcessor implements Processor<String, CustomerUpdate, String, SegmentChange> {

    private static final Logger LOG = LoggerFactory.getLogger(ScoringProcessor.class);
    /** The {@code toSegmentId} of a change with cause ERASED. */
    public static final int ERASED_SEGMENT = -1;

    private final ScoringReadModel counters;
    private final DriftMonitor driftMonitor;
    private final int rescoreChunk;
    private final Duration rescoreInterval;
    private final ChangeHistoryCodec historyCodec = new ChangeHistoryCodec();
    private KeyValueStore<String, byte[]> history;
    private final ModelHolder models;
    private ProcessorContext<String, SegmentChange> context;
    private CustomerRecordStore records;
    private KeyValueStore<String, byte[]> modelStore;
    private RescorePass rescore;
    private DriftBook drift;
    private double[] z;

    /**
     * @param modelName         key of the model to use on the models topic
     * @param modelsTopic       the models topic (for the deserializer's subject)
     * @param modelDeserializer decoder of model records
     * @param counters          where changes and rejected models are counted
     * @param driftMonitor      where the task's live distribution is registered
     * @param rescoreChunk      customers re-scored per punctuation after a model update
     * @param rescoreInterval   wall-clock interval of the model check and re-scoring punctuation
     */
    public ScoringProcessor(String modelName, String modelsTopic, Deserializer<SegmentModel> modelDeserializer,
                            ScoringReadModel counters, DriftMonitor driftMonitor, int rescoreChunk,
                            Duration rescoreInterval) {
        this.counters = counters;
        this.driftMonitor = driftMonitor;
        this.rescoreChunk = rescoreChunk;
        this.rescoreInterval = rescoreInterval;
        this.models = new ModelHolder(modelName, modelsTopic, modelDeserializer, counters);
    }

    @Override
    public void init(ProcessorContext<String, SegmentChange> context) {
        this.context = context;
        records = new CustomerRecordStore(context);
        history = context.getStateStore(ScoringStores.HISTORY);
        modelStore = context.getStateStore(ScoringStores.MODELS);
        KeyValueStore<String, String> meta = context.getStateStore(ScoringStores.META);
        rescore = new RescorePass(meta, records.bytes(), rescoreChunk);
        drift = new DriftBook(driftMonitor);
        models.reset();
        refreshModel();
        if (models.current() == null) {
            drift.rebuild(null, false, records.bytes(), records::assignment);
        }
        context.schedule(rescoreInterval, PunctuationType.WALL_CLOCK_TIME, now -> {
            refreshModel();
            rescoreChunk();
        });
    }

    @Override
    public void process(Record<String, CustomerUpdate> record) {
        String customer = record.key();
        CustomerUpdate update = record.value();
        CustomerFeatures features = update.features();
        CustomerAssignment previous = update.previousAssignment();
        ScoringModel model = models.current();
        if (features == null) {
            erase(model, customer, previous, record.timestamp());
            return;
        }
        if (model == null) {
            records.put(customer, update.record().withAssignment(CustomerAssignment.newBuilder()
                    .setSegmentId(previous == null ? null : previous.getSegmentId())
                    .setSegmentName(previous == null ? null : previous.getSegmentName())
                    .setModelVersion(previous == null ? null : previous.getModelVersion())
                    .setFeatures(features).build()));
            return;
        }
        // Each vector is transformed once and used for both the assignment and the drift bins.
        double[] zNow = model.transformed(features, z);
        ScoringModel.Match now = model.assignTransformed(zNow);
        counters.score();
        ChangeCause cause = causeOf(model, previous, features, now);
        if (cause != null) {
            emit(model, customer, previous, now, cause, features, features.getAsOf().toEpochMilli(),
                    record.headers());
        }
        drift.moved(previous, features, zNow, now);
        records.put(customer, update.record().withAssignment(assigned(model, now, features)));
    }

    @Override
    public void close() {
        drift.close();
    }

    /**
     * The customer was erased: its record, assignment included, is gone (the feature stage deleted it), it leaves the
     * drift counts and segment sizes, and a last change with cause ERASED, carrying no features, tells consumers to
     * forget it too.
     */
    private void erase(ScoringModel model, String customer, CustomerAssignment previous, long eventTime) {
        history.delete(customer);
        Integer from = previous == null ? null : previous.getSegmentId();
        if (previous != null) {
            drift.removed(previous);
        }
        SegmentChange change = SegmentChange.newBuilder()
                .setCustomerId(customer)
                .setFromSegmentId(from)
                .setFromSegmentName(from == null ? null : previous.getSegmentName())
                .setFromModelVersion(from == null ? null : previous.getModelVersion())
                .setToSegmentId(ERASED_SEGMENT)
                .setToSegmentName("")
                .setToModelVersion(model != null ? model.version()
                        : from != null && previous.getModelVersion() != null ? previous.getModelVersion() : 0L)
                .setCause(ChangeCause.ERASED)
                .setEventTime(Instant.ofEpochMilli(eventTime))
                .setFeatures(null)
                .setDistance(0)
                .setMargin(0)
                .build();
        counters.erased(from, change.getFromSegmentName());
        context.forward(new Record<>(customer, change, eventTime));
    }

    /** Why the customer moved, or null when the segment is unchanged. */
    private static ChangeCause causeOf(ScoringModel model, CustomerAssignment previous, CustomerFeatures features,
                                       ScoringModel.Match now) {
        if (previous == null || previous.getSegmentId() == null) {
            return ChangeCause.FIRST_ASSIGNMENT;
        }
        if (previous.getSegmentId() == now.segmentId()) {
            return null;
        }
        boolean newModel = previous.getModelVersion() == null || previous.getModelVersion() != model.version();
        if (newModel && model.assign(previous.getFeatures()).segmentId() == now.segmentId()) {
            // The new model alone moves the customer: its old features already land in the new segment.
            return ChangeCause.MODEL_UPDATE;
        }
        return features.getTrigger() == FeatureTrigger.AGING ? ChangeCause.AGING : ChangeCause.BEHAVIOUR;
    }

    private static CustomerAssignment assigned(ScoringModel model, ScoringModel.Match now,
                                               CustomerFeatures features) {
        return CustomerAssignment.newBuilder().setSegmentId(now.segmentId()).setSegmentName(now.segmentName())
                .setModelVersion(model.version()).setFeatures(features).build();
    }

    private void emit(ScoringModel model, String customer, CustomerAssignment previous, ScoringModel.Match now,
                      ChangeCause cause, CustomerFeatures features, long eventTime, Headers headers) {
        boolean first = previous == null || previous.getSegmentId() == null;
        ChangeExplainer.Result why = ChangeExplainer.explain(cause, model, models.previous(), previous, features,
                model.indexOf(now.segmentId()));
        SegmentChange change = SegmentChange.newBuilder()
                .setCustomerId(customer)
                .setFromSegmentId(first ? null : previous.getSegmentId())
                .setFromSegmentName(first ? null : previous.getSegmentName())
                .setFromModelVersion(first ? null : previous.getModelVersion())
                .setToSegmentId(now.segmentId())
                .setToSegmentName(now.segmentName())
                .setToModelVersion(model.version())
                .setCause(cause)
                .setEventTime(Instant.ofEpochMilli(eventTime))
                .setFeatures(features)
                .setDistance(now.distance())
                .setMargin(now.margin())
                .setExplanationKind(why.kind())
                .setExplanation(why.items())
                .setExplanationTotal(why.total())
                .build();
        counters.changed(cause, change.getFromSegmentId(), change.getFromSegmentName(), now.segmentId(),
                now.segmentName());
        history.put(customer, historyCodec.append(history.get(customer), change, model.featureNames()));
        Header sentAt = headers.lastHeader(EventHeaders.SENT_AT);
        if (sentAt != null) {
            try {
                long sent = Long.parseLong(new String(sentAt.value(), StandardCharsets.US_ASCII));
                counters.latency(Math.max(0, System.currentTimeMillis() - sent));
            } catch (NumberFormatException | NullPointerException e) {
                LOG.debug("Ignoring malformed {} header", EventHeaders.SENT_AT);
            }
        }
        context.forward(new Record<>(customer, change, eventTime, headers));
    }

    /** Takes a newer valid model from the global store; the first one counts what the store already scored. */
    private void refreshModel() {
        boolean first = models.current() == null;
        ScoringModel model = models.refresh(modelStore);
        if (model == null) {
            return;
        }
        z = new double[model.featureNames().size()];
        if (first) {
            drift.rebuild(model, rescore.done(model.version()), records.bytes(), records::assignment);
        } else {
            drift.swap(model);
        }
    }

    /** One bounded step of re-scoring every customer of this task with the current model. */
    private void rescoreChunk() {
        ScoringModel model = models.current();
        if (model == null) {
            return;
        }
        long streamTime = context.currentStreamTimeMs();
        if (rescore.step(model.version(), (customer, record) -> rescore(model, customer, record, streamTime))) {
            drift.complete();
        }
        drift.release();
    }

    private void rescore(ScoringModel model, String customer, byte[] stored, long streamTime) {
        CustomerRecord record = records.read(customer, stored);
        CustomerAssignment previous = record.assignment();
        if (previous == null
                || previous.getModelVersion() != null && previous.getModelVersion() == model.version()) {
            return;
        }
        CustomerFeatures features = previous.getFeatures();
        ScoringModel.Match now = model.assign(features);
        counters.score();
        boolean first = previous.getSegmentId() == null;
        if (first || previous.getSegmentId() != now.segmentId()) {
            long eventTime = Math.max(streamTime, features.getAsOf().toEpochMilli());
            emit(model, customer, previous, now, first ? ChangeCause.FIRST_ASSIGNMENT : ChangeCause.MODEL_UPDATE,
                    features, eventTime, new RecordHeaders());
        }
        drift.rescored(previous, model.transformed(features, z), now);
        records.put(customer, record.withAssignment(assigned(model, now, features)));
        records.moved(customer, stored);
    }
}
