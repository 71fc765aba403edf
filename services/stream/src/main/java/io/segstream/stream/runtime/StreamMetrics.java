package io.segstream.stream.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.segstream.avro.ChangeCause;
import io.segstream.core.cleaning.Outcome;
import io.segstream.stream.drift.DriftMonitor;
import io.segstream.stream.drift.DriftSnapshot;
import io.segstream.stream.health.StreamHealth;
import io.segstream.stream.scoring.ScoringReadModel;
import io.segstream.stream.scoring.ScoringModel;
import io.segstream.stream.validation.IntakeCounters;
import io.segstream.stream.validation.RejectReason;

/**
 * segstream's own stream meters. Counters are {@link FunctionCounter}s over {@link IntakeCounters} and
 * {@link ScoringReadModel}, so each event is counted once, where it happens; meters whose tags appear at run time
 * (segments, transitions, features of the model) are refreshed by {@link #refresh()} before each scrape.
 */
public final class StreamMetrics {

    /** Name of the invoice-to-change latency timer. */
    public static final String LATENCY = "segstream.change.latency";

    private final MeterRegistry registry;
    private final ScoringReadModel scoring;
    private final DriftMonitor drift;
    private final Set<ScoringReadModel.Transition> boundTransitions = ConcurrentHashMap.newKeySet();
    private final MultiGauge segmentCustomers;
    private final MultiGauge featurePsi;
    private final MultiGauge meanDistance;
    private volatile DriftSnapshot lastDrift;

    private StreamMetrics(MeterRegistry registry, ScoringReadModel scoring, DriftMonitor drift) {
        this.registry = registry;
        this.scoring = scoring;
        this.drift = drift;
        segmentCustomers = MultiGauge.builder("segstream.segment.customers")
                .description("Assigned customers per segment, each where its latest assignment puts it (the"
                        + " previous model's segment until the re-scoring pass reaches it); sums to the assigned"
                        + " customers")
                .register(registry);
        featurePsi = MultiGauge.builder("segstream.drift.feature.psi")
                .description("PSI of the live feature distribution against the model's training snapshot")
                .register(registry);
        meanDistance = MultiGauge.builder("segstream.segment.distance.mean")
                .description("Mean distance of the segment's customers to its centroid, model space")
                .register(registry);
    }

    /** Binds the changelog restore counters of {@code restore}. */
    public static void bindRestore(MeterRegistry registry, RestoreProgress restore) {
        FunctionCounter.builder("segstream.state.restored.records", restore, RestoreProgress::records)
                .description("Changelog records restored into this instance's state stores").register(registry);
        FunctionCounter.builder("segstream.state.restore", restore, RestoreProgress::seconds).baseUnit("seconds")
                .description("Wall time this instance spent restoring state store partitions").register(registry);
    }

    /**
     * Binds the health counters: stream threads replaced, failures that named their input record, and input records
     * deleted before they were processed, per topic in {@code inputTopics} (bound up front so each series exists at
     * zero and an alert on its increase has data).
     */
    public static void bindHealth(MeterRegistry registry, StreamHealth health, List<String> inputTopics) {
        FunctionCounter.builder("segstream.stream.thread.replacements", health, StreamHealth::threadReplacements)
                .description("Stream threads that failed and were replaced").register(registry);
        FunctionCounter.builder("segstream.stream.record.failures", health, StreamHealth::recordFailures)
                .description("Stream thread failures that named the input record they failed on").register(registry);
        for (String topic : inputTopics) {
            FunctionCounter.builder("segstream.input.lost.records", health, h -> h.lostRecords(topic))
                    .description("Input records deleted (retention, deleteRecords) before they were processed")
                    .tag("topic", topic).register(registry);
        }
    }

    /** The latency timer to hand to {@link ScoringReadModel}: invoice sent to segment change emitted. */
    public static Timer latencyTimer(MeterRegistry registry) {
        return Timer.builder(LATENCY).description("Wall time from an invoice's send to the segment change it caused")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(2)).register(registry);
    }

    /** A counters' latency listener feeding {@code timer}. */
    public static ScoringReadModel scoringCounters(Timer timer) {
        return new ScoringReadModel(millis -> timer.record(millis, TimeUnit.MILLISECONDS));
    }

    /**
     * Binds the counters of one stream instance.
     *
     * @return the binding, whose {@link #refresh()} must run before each scrape
     */
    public static StreamMetrics bind(MeterRegistry registry, IntakeCounters intake, ScoringReadModel scoring,
                                     DriftMonitor drift) {
        for (Outcome outcome : Outcome.values()) {
            if (outcome != Outcome.INVALID) {
                FunctionCounter.builder("segstream.events", intake, c -> c.outcome(outcome))
                        .description("Invoices by outcome; DEAD_LETTER = sent to dead-letters for any reason")
                        .tag("outcome", outcome.name()).register(registry);
            }
        }
        FunctionCounter.builder("segstream.events", intake, IntakeCounters::deadLetters)
                .tag("outcome", "DEAD_LETTER").register(registry);
        for (RejectReason reason : RejectReason.values()) {
            FunctionCounter.builder("segstream.dead.letters", intake, c -> c.rejected(reason))
                    .description("Inputs sent to dead-letters by reason").tag("reason", reason.name())
                    .register(registry);
        }
        FunctionCounter.builder("segstream.dead.letters.lost", intake, IntakeCounters::deadLettersLost)
                .description("Dead letters that could not be written (logged at ERROR with the input's offset)")
                .register(registry);
        FunctionCounter.builder("segstream.punctuation.failures", intake, IntakeCounters::punctuationFailures)
                .description("Punctuations (aging, re-scoring, model refresh) skipped because they raised")
                .register(registry);
        FunctionCounter.builder("segstream.duplicate.invoices", intake, IntakeCounters::duplicateInvoices)
                .description("Re-sent invoices ignored").register(registry);
        FunctionCounter.builder("segstream.invoice.lines", intake, IntakeCounters::lines)
                .description("Lines of cleaned invoices").register(registry);
        FunctionCounter.builder("segstream.erasures", intake, IntakeCounters::erasures)
                .description("Customers erased on request").register(registry);
        FunctionCounter.builder("segstream.erased.invoices.dropped", intake, IntakeCounters::erasedInvoices)
                .description("Invoices dropped because they predate their customer's erasure").register(registry);
        FunctionCounter.builder("segstream.anonymous.invoices", intake, IntakeCounters::anonymousInvoices)
                .description("Invoices of anonymous accounts (segstream.customers.anonymous), counted, not segmented")
                .register(registry);
        FunctionCounter.builder("segstream.registry.waits", intake, IntakeCounters::registryRetries)
                .description("Waits for an unavailable schema registry").register(registry);
        FunctionCounter.builder("segstream.scored", scoring, ScoringReadModel::scored)
                .description("Feature updates and re-scorings evaluated against a model").register(registry);
        for (ChangeCause cause : ChangeCause.values()) {
            // Bound up front, so each cause's series exists at zero before its first change.
            FunctionCounter.builder("segstream.segment.changes", scoring, s -> s.changes(cause))
                    .description("Segment change events by cause: MODEL_UPDATE = moved by a model update alone;"
                            + " the others are customers' own moves")
                    .tag("cause", cause.name()).register(registry);
        }
        FunctionCounter.builder("segstream.models.rejected", scoring, ScoringReadModel::rejectedModels)
                .description("Models refused by the stream's validation").register(registry);
        modelGauge(registry, scoring, "segstream.model.version", "Version of the model in use", m -> m.version());
        modelGauge(registry, scoring, "segstream.model.k", "Segments of the model in use", m -> m.k());
        modelGauge(registry, scoring, "segstream.model.silhouette", "Silhouette of the model in use",
                ScoringModel.Info::silhouette);
        Gauge.builder("segstream.model.age", scoring, s -> s.model() == null ? Double.NaN
                        : (System.currentTimeMillis() - s.model().trainedAtMillis()) / 1000.0)
                .description("Wall-clock seconds since the model in use was trained").baseUnit("seconds")
                .register(registry);
        StreamMetrics metrics = new StreamMetrics(registry, scoring, drift);
        Gauge.builder("segstream.drift.segment.psi", metrics, m -> m.driftSnapshot().segmentPsi())
                .description("PSI of the live segment shares against the training shares of the model named by"
                        + " segstream_drift_model_version, on all its customers")
                .register(registry);
        Gauge.builder("segstream.drift.customers", metrics,
                        m -> m.driftSnapshot().segments().values().stream().mapToLong(Long::longValue).sum())
                .description("Customers counted in the drift measures (all scored by segstream_drift_model_version)")
                .register(registry);
        Gauge.builder("segstream.drift.model.version", metrics, m -> m.driftSnapshot().version())
                .description("Model version the drift measures belong to: a new model's once its re-scoring pass"
                        + " is complete in every task, -1 before the first")
                .register(registry);
        Gauge.builder("segstream.model.rescore.progress", metrics, m -> m.driftSnapshot().rescoreProgress())
                .description("Share of the assigned customers scored by the newest model; below 1 while its"
                        + " re-scoring pass runs")
                .register(registry);
        Gauge.builder("segstream.customers.assigned", metrics, m -> m.driftSnapshot().assigned())
                .description("Customers with a segment: the sum of segstream_segment_customers")
                .register(registry);
        return metrics;
    }

    private interface ModelValue {
        double of(ScoringModel.Info model);
    }

    private static void modelGauge(MeterRegistry registry, ScoringReadModel scoring, String name, String description,
                                   ModelValue value) {
        Gauge.builder(name, scoring, s -> s.model() == null ? Double.NaN : value.of(s.model()))
                .description(description).register(registry);
    }

    private DriftSnapshot driftSnapshot() {
        DriftSnapshot d = lastDrift;
        return d != null ? d : drift.snapshot();
    }

    /** Registers meters for new segments, transitions and features and updates the drift measures. */
    public void refresh() {
        DriftSnapshot d = drift.snapshot();
        lastDrift = d;
        Map<Integer, String> names = scoring.segmentNames();
        List<MultiGauge.Row<?>> sizes = new ArrayList<>();
        // Counted from the customer records when a task starts, so they stay right across restarts and rebalances.
        d.sizes().forEach((id, n) -> sizes.add(MultiGauge.Row.of(
                Tags.of("segment", id.toString(), "name", names.getOrDefault(id, "")), n)));
        segmentCustomers.register(sizes, true);
        List<MultiGauge.Row<?>> psi = new ArrayList<>();
        d.featurePsi().forEach((feature, v) -> psi.add(MultiGauge.Row.of(Tags.of("feature", feature), v)));
        featurePsi.register(psi, true);
        List<MultiGauge.Row<?>> distance = new ArrayList<>();
        d.meanDistance().forEach((id, v) -> distance.add(MultiGauge.Row.of(
                Tags.of("segment", id.toString(), "name", names.getOrDefault(id, "")), v)));
        meanDistance.register(distance, true);
        for (ScoringReadModel.Transition t : scoring.transitions().keySet()) {
            if (boundTransitions.add(t)) {
                FunctionCounter.builder("segstream.segment.transitions", scoring,
                                s -> s.transitions(t))
                        .description("Segment changes by from, to and cause")
                        .tags("from", t.from(), "to", t.to(), "cause", t.cause().name()).register(registry);
            }
        }
    }
}
