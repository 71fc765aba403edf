package io.segstream.trainer.cycle;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;

import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.InvoiceEvent;
import io.segstream.avro.SegmentModel;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.platform.mapping.SegmentModelCodec;
import io.segstream.platform.serde.AvroSerdeConfig;
import io.segstream.platform.serde.RegistryRetry;
import io.segstream.platform.serde.SpecificAvroSerde;
import io.segstream.trainer.publish.ModelPublisher;
import io.segstream.trainer.publish.PublishedModels;
import io.segstream.trainer.settings.TrainerSettings;
import io.segstream.trainer.snapshot.FeatureSnapshot;
import io.segstream.trainer.snapshot.InvoiceHistory;
import io.segstream.trainer.snapshot.SnapshotReader;
import io.segstream.trainer.training.InterestTraining;
import io.segstream.trainer.training.ModelTrainer;
import io.segstream.trainer.training.TrainingOptions;
import io.segstream.trainer.training.TrainingOutcome;
import org.apache.kafka.common.serialization.Serde;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One retraining: read the model in force, snapshot the features topic, train, and publish unless a guard refuses.
 * The stream keeps running throughout; it picks the new model up from the models topic.
 */
public final class TrainingCycle implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingCycle.class);
    /** The interest model is refitted once the snapshot has this many times the customers it was fitted on. */
    static final double INTEREST_REFIT_GROWTH = 1.1;

    private final Properties kafka;
    private final String featuresTopic;
    private final String modelsTopic;
    private final String invoicesTopic;
    private final boolean fitInterest;
    private final TrainingOptions options;
    private final Duration timeout;
    private final Clock clock;
    private final Serde<CustomerFeatures> featuresSerde;
    private final Serde<SegmentModel> modelSerde;
    private final Serde<InvoiceEvent> invoiceSerde;
    private final ModelPublisher publisher;
    private final TrainerStats stats = new TrainerStats();

    /**
     * @param config where Kafka and the registry are, and the topic names
     * @param options the training options
     * @param timeout how long each Kafka read or write may take, and how long a record waits for an unavailable
     *     schema registry before the cycle fails (it is retried at the next due time; nothing is published)
     * @param clock the wall clock recorded as the training time
     */
    public TrainingCycle(SegstreamConfig config, TrainingOptions options, Duration timeout, Clock clock) {
        this.kafka = config.kafkaProperties();
        this.featuresTopic = config.topics().features().name();
        this.modelsTopic = config.topics().models().name();
        this.invoicesTopic = config.topics().invoices().name();
        this.fitInterest = TrainerSettings.interest(config);
        this.options = options;
        this.timeout = timeout;
        this.clock = clock;
        AvroSerdeConfig serdeConfig = AvroSerdeConfig.forValues(config.registryOptions());
        RegistryRetry.Listener waiting = (failure, backoff) -> {
            stats.recordRegistryWait();
            LOG.warn("Schema registry unavailable ({}); retrying in {} ms", failure.getMessage(), backoff);
        };
        this.featuresSerde = RegistryRetry.patient(SpecificAvroSerde.create(CustomerFeatures.class, serdeConfig),
                timeout, waiting);
        this.modelSerde = RegistryRetry.patient(SpecificAvroSerde.create(SegmentModel.class, serdeConfig), timeout,
                waiting);
        this.invoiceSerde = RegistryRetry.patient(SpecificAvroSerde.create(InvoiceEvent.class, serdeConfig), timeout,
                waiting);
        this.publisher = new ModelPublisher(kafka, modelsTopic, modelSerde.serializer(), timeout);
    }

    /**
     * Runs the cycle once.
     *
     * @return what happened
     * @throws RuntimeException when Kafka or the registry fail; nothing is published then
     */
    public CycleResult run() {
        try {
            long t0 = System.nanoTime();
            Optional<SegmentModel> previous = PublishedModels.latest(kafka, modelsTopic, options.modelName(),
                    modelSerde.deserializer(), timeout);
            // Above maxFitRows customers the snapshot itself is a seeded sample, so memory stays bounded at any size.
            SnapshotReader.Timed read = SnapshotReader.readTimed(kafka, featuresTopic, featuresSerde.deserializer(),
                    options.featureNames(), timeout, options.maxFitRows(), options.seed());
            FeatureSnapshot snapshot = read.snapshot();
            long tSnapshot = System.nanoTime();
            long snapshotMillis = (tSnapshot - t0) / 1_000_000;
            TrainingOutcome outcome = ModelTrainer.train(snapshot, previous, options, clock.millis());
            if (outcome instanceof TrainingOutcome.Refused r) {
                stats.recordCycle(snapshot.size(), (System.nanoTime() - t0) / 1_000_000);
                stats.recordRefused(r);
                LOG.warn("Model {} not published, keeping version {}: {} - {}", options.modelName(),
                        previous.map(p -> String.valueOf(p.getVersion())).orElse("none"), r.reason(), r.detail());
                return new CycleResult(previous, snapshot, outcome, false, snapshotMillis, read.sampleMillis(),
                        (System.nanoTime() - tSnapshot) / 1_000_000, 0);
            }
            TrainingOutcome.Trained fitted = (TrainingOutcome.Trained) outcome;
            TrainingOutcome.Trained trained = fitted.withModel(withInterest(fitted.model(), previous, snapshot));
            outcome = trained;
            long t1 = System.nanoTime();
            var metadata = publisher.publish(trained.model());
            long publishMillis = (System.nanoTime() - t1) / 1_000_000;
            stats.recordCycle(snapshot.size(), (System.nanoTime() - t0) / 1_000_000);
            stats.recordPublished(trained.model().getVersion());
            LOG.info("Published model {} version {} (k={}, silhouette={}, {} customers, fitted on {}) to {}-{}@{};"
                            + " {} of {} customers changed segment", options.modelName(),
                    trained.model().getVersion(), trained.model().getChosenK(), trained.model().getSilhouette(),
                    snapshot.size(), trained.model().getSampleSize(), metadata.topic(), metadata.partition(),
                    metadata.offset(), trained.report().changed(), trained.report().compared());
            return new CycleResult(previous, snapshot, outcome, true, snapshotMillis, read.sampleMillis(),
                    (t1 - tSnapshot) / 1_000_000, publishMillis);
        } catch (RuntimeException e) {
            stats.recordFailure();
            throw e;
        }
    }

    /**
     * {@code model} with an interest model fitted on the invoice history, or with the previous model's, as it was
     * published (the codec copies it): that one is kept while the customers have grown by less than
     * {@value #INTEREST_REFIT_GROWTH}× since it was fitted (a full read of the invoices and the fit cost seconds, and
     * a few more customers hardly move product or interest categories), when the history gives none, and when
     * {@value TrainerSettings#INTEREST} is false. On a sampled snapshot only the invoices of the sampled customers are
     * kept (a uniform sample of customers, as the interest fit needs each customer's whole history), and growth is
     * measured against the customers the sample holds, so a population larger than the sample does not refit every
     * cycle.
     */
    private SegmentModel withInterest(SegmentModel model, Optional<SegmentModel> previous, FeatureSnapshot snapshot) {
        SegmentModel kept = previous.map(p -> SegmentModelCodec.withInterestOf(model, p)).orElse(model);
        long customers = snapshot.size();
        if (!fitInterest || kept.getInterest() != null
                && customers < INTEREST_REFIT_GROWTH * kept.getInterest().getCustomers()) {
            return kept;
        }
        Predicate<String> sampled = snapshot.sampled()
                ? id -> Arrays.binarySearch(snapshot.customerIds(), id) >= 0 : id -> true;
        InvoiceHistory.Read read;
        try {
            read = InvoiceHistory.read(kafka, invoicesTopic, invoiceSerde.deserializer(), timeout, sampled);
        } catch (RuntimeException e) {
            // No invoices topic, a read that outlasts the timeout, a registry outage: the segmentation model is
            // published regardless, with the previous interest model.
            LOG.warn("No interest model this cycle, keeping the previous one: {}", e.toString());
            return kept;
        }
        return InterestTraining.fit(read.invoices(), options.seed())
                .map(fitted -> SegmentModelCodec.withInterest(model, fitted.model(), fitted.customers()))
                .orElse(kept);
    }

    /** @return the counters of this cycle's runs. */
    public TrainerStats stats() {
        return stats;
    }

    /** @return the training options. */
    public TrainingOptions options() {
        return options;
    }

    @Override
    public void close() {
        try {
            publisher.close();
        } finally {
            featuresSerde.close();
            modelSerde.close();
            invoiceSerde.close();
        }
    }
}
