package io.segstream.stream.topology;

import java.time.Duration;
import java.util.function.Supplier;

import io.segstream.avro.CustomerSegment;
import io.segstream.avro.SegmentChange;
import io.segstream.avro.SegmentModel;
import io.segstream.platform.serde.RegistryRetry;
import io.segstream.platform.topics.Topic;
import io.segstream.stream.drift.DriftMonitor;
import io.segstream.stream.features.FeatureProcessor;
import io.segstream.stream.features.FeatureStores;
import io.segstream.stream.lifetime.LifetimeModels;
import io.segstream.stream.lifetime.PredictionModels;
import io.segstream.stream.scoring.CurrentSegments;
import io.segstream.stream.scoring.ModelSource;
import io.segstream.stream.scoring.ScoringReadModel;
import io.segstream.stream.scoring.ScoringProcessor;
import io.segstream.stream.scoring.ScoringStores;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;

/**
 * The scoring stage, attached behind the feature processor in the same sub-topology (no extra topic hop, so a
 * purchase reaches its segment change within one commit): models come from the compacted models topic through a
 * global store that every instance holds whole. Its two outputs are the changes (every move) and, derived from each
 * change, the customer's current segment on a compacted topic.
 */
public final class ScoringTopology {

    static final String MODELS_SOURCE = "models-source";
    static final String MODELS_PROCESSOR = "models-to-store";
    static final String SCORING = "scoring";
    static final String CHANGES_SINK = "segment-changes-sink";
    static final String CURRENT_SEGMENTS = "current-segments";
    static final String SEGMENTS_SINK = "customer-segments-sink";

    private ScoringTopology() {
    }

    /** Customers with fewer invoices than this get a predicted interest by default. */
    public static final int DEFAULT_INTEREST_BELOW_INVOICES = 2;

    /**
     * Everything the scoring stage is built from.
     *
     * @param modelsTopic       compacted models topic
     * @param modelName         key of the model to score with
     * @param modelDeserializer decoder of the models
     * @param changes           output topic of segment changes (the event stream: every move)
     * @param segments          compacted output topic of each customer's current segment (the table: the state
     *                          the last change led to, a tombstone after an erasure)
     * @param counters          where changes and rejected models are counted
     * @param drift             where the live distributions for the drift measures are kept
     * @param rescoreChunk      customers re-scored per punctuation after a model update
     * @param rescoreInterval   wall-clock interval of the model check and re-scoring (and of the lifetime-value
     *                          model check of the feature stage)
     * @param lifetime          where the newest lifetime-value model is kept for the query API
     * @param interestBelowInvoices customers with fewer invoices than this carry the interest predicted from their
     *                          first invoice (1: no predictions)
     */
    public record Spec(String modelsTopic, String modelName, Deserializer<SegmentModel> modelDeserializer,
                       Topic<String, SegmentChange> changes, Topic<String, CustomerSegment> segments,
                       ScoringReadModel counters, DriftMonitor drift, int rescoreChunk, Duration rescoreInterval,
                       LifetimeModels lifetime, int interestBelowInvoices) {

        /** A spec with the default interest threshold: predictions for customers with one invoice. */
        public Spec(String modelsTopic, String modelName, Deserializer<SegmentModel> modelDeserializer,
                    Topic<String, SegmentChange> changes, Topic<String, CustomerSegment> segments,
                    ScoringReadModel counters, DriftMonitor drift, int rescoreChunk, Duration rescoreInterval,
                    LifetimeModels lifetime) {
            this(modelsTopic, modelName, modelDeserializer, changes, segments, counters, drift, rescoreChunk,
                    rescoreInterval, lifetime, DEFAULT_INTEREST_BELOW_INVOICES);
        }

        public Spec {
            if (rescoreChunk < 1) {
                throw new IllegalArgumentException("rescoreChunk must be at least 1, got " + rescoreChunk);
            }
        }

        /** A spec whose lifetime-value model nobody queries. */
        public Spec(String modelsTopic, String modelName, Deserializer<SegmentModel> modelDeserializer,
                    Topic<String, SegmentChange> changes, Topic<String, CustomerSegment> segments,
                    ScoringReadModel counters, DriftMonitor drift, int rescoreChunk, Duration rescoreInterval) {
            this(modelsTopic, modelName, modelDeserializer, changes, segments, counters, drift, rescoreChunk,
                    rescoreInterval, new LifetimeModels());
        }

        /** A spec whose drift measures nobody reads. */
        public Spec(String modelsTopic, String modelName, Deserializer<SegmentModel> modelDeserializer,
                    Topic<String, SegmentChange> changes, Topic<String, CustomerSegment> segments,
                    ScoringReadModel counters, int rescoreChunk, Duration rescoreInterval) {
            this(modelsTopic, modelName, modelDeserializer, changes, segments, counters, new DriftMonitor(),
                    rescoreChunk, rescoreInterval);
        }
    }

    /**
     * Adds the scoring stage to {@code topology}, fed by the processor named {@code featuresProcessor}, decoding
     * models with {@code models}; its change encoding waits out a registry outage for up to {@code registryPatience}.
     */
    private static Topology addTo(Topology topology, String featuresProcessor, Spec spec,
                                  Deserializer<SegmentModel> models, Duration registryPatience,
                                  RegistryRetry.Listener waits) {
        topology.addGlobalStore(ScoringStores.models(), MODELS_SOURCE, Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer(), spec.modelsTopic(), MODELS_PROCESSOR, ModelSource::new);
        topology.addProcessor(SCORING, () -> new ScoringProcessor(spec.modelName(), spec.modelsTopic(),
                        models, spec.counters(), spec.drift(), spec.rescoreChunk(),
                        spec.rescoreInterval()), featuresProcessor);
        for (var store : ScoringStores.builders()) {
            topology.addStateStore(store, SCORING);
        }
        // The rescoring pass rewrites the assignments inside the customer records.
        topology.connectProcessorAndStateStores(SCORING, FeatureStores.CUSTOMER_STATE,
                FeatureStores.LEGACY_ASSIGNMENTS);
        topology.addSink(CHANGES_SINK, spec.changes().name(), spec.changes().keySerde().serializer(),
                RegistryRetry.patient(spec.changes().valueSerde().serializer(), registryPatience, waits), SCORING);
        // A child of the scoring processor, not a second topology reading the changes topic: the table is written
        // in the transaction of the change it follows, so a read_committed consumer never sees one without the other.
        topology.addProcessor(CURRENT_SEGMENTS, () -> new CurrentSegments(spec.modelName()), SCORING);
        topology.addSink(SEGMENTS_SINK, spec.segments().name(), spec.segments().keySerde().serializer(),
                RegistryRetry.patient(spec.segments().valueSerde().serializer(), registryPatience, waits),
                CURRENT_SEGMENTS);
        return topology;
    }

    /**
     * The full stream: features (with lifetime values from the models' global store) and scoring. Both stages decode
     * models with one registry-patient deserializer; each decodes a model version once per task, which keeps the two
     * processors independent of each other.
     */
    public static Topology build(FeatureTopology.Spec features, Spec scoring) {
        RegistryRetry.Listener waits = FeatureTopology.registryWaits(features.counters());
        var models = RegistryRetry.patient(scoring.modelDeserializer(), features.registryPatience(), waits);
        Supplier<FeatureProcessor.Predictions> lifetime = () -> new FeatureProcessor.Predictions(
                new PredictionModels(scoring.modelName(), scoring.modelsTopic(), models, scoring.lifetime()),
                ScoringStores.MODELS, scoring.rescoreInterval(), scoring.interestBelowInvoices());
        return addTo(FeatureTopology.build(features, lifetime, SCORING), FeatureTopology.FEATURES, scoring, models,
                features.registryPatience(), waits);
    }
}
