package io.segstream.stream.scoring;

import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

import io.segstream.avro.ChangeCause;
import io.segstream.avro.CustomerAssignment;
import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.FeatureTrigger;
import io.segstream.avro.SegmentChange;
import io.segstream.avro.SegmentModel;
import io.segstream.platform.topics.EventHeaders;
import io.segstream.stream.drift.DriftMonitor;
import io.segstream.stream.drift.TaskDrift;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
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
 * Scores every features update against the latest model and emits a {@link SegmentChange} only when the customer's
 * segment really changes. When a new model version appears, re-scores all of the task's customers in bounded chunks
 * per punctuation (processing never stalls) and emits MODEL_UPDATE changes where the aligned segment differs.
 * Customers whose features arrive before any model are kept and assigned when the first model lands. Keeps the
 * task's live feature and segment distribution for the drift measures, moving a customer between bins on each
 * update.
 */
public final class ScoringProcessor implements Processor<String, CustomerFeatures, String, SegmentChange> {

    private static final Logger LOG = LoggerFactory.getLogger(ScoringProcessor.class);
    private static final String RESCORED_VERSION = "rescored-version";
    private static final String CURSOR = "cursor";

    private final String modelName;
    private final String modelsTopic;
    private final Deserializer<SegmentModel> modelDeserializer;
    private final ScoringCounters counters;
    private final DriftMonitor driftMonitor;
    private final int rescoreChunk;
    private final Duration rescoreInterval;
    private final AssignmentCodec codec = new AssignmentCodec();
    private ProcessorContext<String, SegmentChange> context;
    private KeyValueStore<String, byte[]> assignments;
    private KeyValueStore<String, String> meta;
    private KeyValueStore<String, byte[]> models;
    private byte[] modelBytes;
    private ScoringModel model;
    private TaskDrift drift;
    private double[] z;
    private double[] zPrevious;

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
                            ScoringCounters counters, DriftMonitor driftMonitor, int rescoreChunk,
                            Duration rescoreInterval) {
        this.modelName = modelName;
        this.modelsTopic = modelsTopic;
        this.modelDeserializer = modelDeserializer;
        this.counters = counters;
        this.driftMonitor = driftMonitor;
        this.rescoreChunk = rescoreChunk;
        this.rescoreInterval = rescoreInterval;
    }

    @Override
    public void init(ProcessorContext<String, SegmentChange> context) {
        this.context = context;
        assignments = context.getStateStore(ScoringStores.ASSIGNMENTS);
        meta = context.getStateStore(ScoringStores.META);
        models = context.getStateStore(ScoringStores.MODELS);
        modelBytes = null;
        model = null;
        drift = driftMonitor.register();
        refreshModel();
        context.schedule(rescoreInterval, PunctuationType.WALL_CLOCK_TIME, now -> {
            refreshModel();
            rescoreChunk();
        });
    }

    @Override
    public void process(Record<String, CustomerFeatures> record) {
        String customer = record.key();
        CustomerFeatures features = record.value();
        CustomerAssignment previous = codec.decode(assignments.get(customer));
        if (model == null) {
            assignments.put(customer, codec.encode(CustomerAssignment.newBuilder()
                    .setSegmentId(previous == null ? null : previous.getSegmentId())
                    .setSegmentName(previous == null ? null : previous.getSegmentName())
                    .setModelVersion(previous == null ? null : previous.getModelVersion())
                    .setFeatures(features).build()));
            return;
        }
        // Each vector is transformed once and used for both the assignment and the drift bins.
        double[] zNow = model.transformed(features, z);
        ScoringModel.Assignment now = model.assignTransformed(zNow);
        counters.score();
        ChangeCause cause = causeOf(previous, features, now);
        if (cause != null) {
            emit(customer, previous, now, cause, features, features.getAsOf().toEpochMilli(), record.headers());
        }
        if (previous != null && previous.getModelVersion() != null && previous.getModelVersion() == model.version()) {
            double[] zOld = model.transformed(previous.getFeatures(), zPrevious);
            drift.remove(zOld, previous.getSegmentId(), model.assignTransformed(zOld).distance());
        }
        drift.add(zNow, now.segmentId(), now.distance());
        assignments.put(customer, codec.encode(assigned(now, features)));
    }

    @Override
    public void close() {
        driftMonitor.unregister(drift);
    }

    /** Counts every customer the current model already scored, e.g. after a restart or a rebalance. */
    private void rebuildDrift() {
        drift.reset(model.version(), model.baseline());
        try (KeyValueIterator<String, byte[]> it = assignments.all()) {
            while (it.hasNext()) {
                CustomerAssignment a = codec.decode(it.next().value);
                if (a.getModelVersion() != null && a.getModelVersion() == model.version()) {
                    drift.add(model.transformed(a.getFeatures(), z), a.getSegmentId(),
                            model.assign(a.getFeatures()).distance());
                }
            }
        }
    }

    /** Why the customer moved, or null when the segment is unchanged. */
    private ChangeCause causeOf(CustomerAssignment previous, CustomerFeatures features,
                                ScoringModel.Assignment now) {
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

    private CustomerAssignment assigned(ScoringModel.Assignment now, CustomerFeatures features) {
        return CustomerAssignment.newBuilder().setSegmentId(now.segmentId()).setSegmentName(now.segmentName())
                .setModelVersion(model.version()).setFeatures(features).build();
    }

    private void emit(String customer, CustomerAssignment previous, ScoringModel.Assignment now, ChangeCause cause,
                      CustomerFeatures features, long eventTime, Headers headers) {
        boolean first = previous == null || previous.getSegmentId() == null;
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
                .build();
        counters.changed(cause, change.getFromSegmentId(), change.getFromSegmentName(), now.segmentId(),
                now.segmentName());
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

    /** Picks up a newer valid model from the global store; an invalid or older one leaves the current in place. */
    private void refreshModel() {
        byte[] bytes = models.get(modelName);
        if (bytes == null || Arrays.equals(bytes, modelBytes)) {
            return;
        }
        modelBytes = bytes;
        try {
            ScoringModel candidate = ScoringModel.from(modelDeserializer.deserialize(modelsTopic, bytes));
            if (model != null && candidate.version() <= model.version()) {
                return;
            }
            if (model != null && !candidate.featureNames().equals(model.featureNames())) {
                throw new ModelRejectedException("model v" + candidate.version() + " features "
                        + candidate.featureNames() + " differ from the current " + model.featureNames());
            }
            boolean first = model == null;
            model = candidate;
            z = new double[candidate.featureNames().size()];
            zPrevious = new double[candidate.featureNames().size()];
            if (first) {
                rebuildDrift();
            } else {
                drift.reset(candidate.version(), candidate.baseline());
            }
            counters.modelInUse(candidate.info(), candidate.segmentIds(), candidate.segmentNames());
            LOG.info("Scoring with model {} v{} ({} segments)", candidate.name(), candidate.version(),
                    candidate.segmentIds().length);
        } catch (ModelRejectedException e) {
            counters.rejectedModel();
            LOG.warn("Rejected model, keeping {}: {}", model == null ? "none" : "v" + model.version(), e.getMessage());
        } catch (RuntimeException e) {
            counters.rejectedModel();
            LOG.warn("Undecodable model on {}, keeping the current one: {}", modelsTopic, e.toString());
        }
    }

    /** One bounded step of re-scoring every customer of this task with the current model. */
    private void rescoreChunk() {
        if (model == null) {
            return;
        }
        String done = meta.get(RESCORED_VERSION);
        if (done != null && Long.parseLong(done) >= model.version()) {
            return;
        }
        // The cursor belongs to one model version; a newer model mid-pass restarts the pass from the first key.
        String stored = meta.get(CURSOR);
        String cursor = null;
        if (stored != null) {
            int bar = stored.indexOf('|');
            cursor = Long.parseLong(stored.substring(0, bar)) == model.version() ? stored.substring(bar + 1) : null;
        }
        long streamTime = context.currentStreamTimeMs();
        int seen = 0;
        String last = null;
        try (KeyValueIterator<String, byte[]> it = cursor == null ? assignments.all()
                : assignments.range(cursor, null)) {
            while (it.hasNext() && seen < rescoreChunk) {
                KeyValue<String, byte[]> entry = it.next();
                last = entry.key;
                seen++;
                rescore(entry.key, codec.decode(entry.value), streamTime);
            }
            if (!it.hasNext()) {
                meta.put(RESCORED_VERSION, Long.toString(model.version()));
                meta.delete(CURSOR);
                return;
            }
        }
        // Resume after the last key: the smallest string greater than it.
        meta.put(CURSOR, model.version() + "|" + last + '\0');
    }

    private void rescore(String customer, CustomerAssignment previous, long streamTime) {
        if (previous.getModelVersion() != null && previous.getModelVersion() == model.version()) {
            return;
        }
        CustomerFeatures features = previous.getFeatures();
        ScoringModel.Assignment now = model.assign(features);
        counters.score();
        boolean first = previous.getSegmentId() == null;
        if (first || previous.getSegmentId() != now.segmentId()) {
            long eventTime = Math.max(streamTime, features.getAsOf().toEpochMilli());
            emit(customer, previous, now, first ? ChangeCause.FIRST_ASSIGNMENT : ChangeCause.MODEL_UPDATE, features,
                    eventTime, new RecordHeaders());
        }
        drift.add(model.transformed(features, z), now.segmentId(), now.distance());
        assignments.put(customer, codec.encode(assigned(now, features)));
    }
}
