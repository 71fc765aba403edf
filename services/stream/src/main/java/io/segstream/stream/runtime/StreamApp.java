package io.segstream.stream.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.CustomerSegment;
import io.segstream.avro.DeadLetter;
import io.segstream.avro.ErasureRequest;
import io.segstream.avro.InvoiceEvent;
import io.segstream.avro.SegmentChange;
import io.segstream.avro.SegmentModel;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.platform.mapping.CustomerFeaturesWriter;
import io.segstream.platform.mapping.SegmentChangeWriter;
import io.segstream.platform.metrics.Metrics;
import io.segstream.platform.serde.AvroSerdeConfig;
import io.segstream.platform.serde.SpecificAvroSerde;
import io.segstream.platform.topics.SegstreamTopics;
import io.segstream.platform.topics.Topic;
import io.segstream.stream.api.ApiOptions;
import io.segstream.stream.api.QueryServer;
import io.segstream.stream.deadletter.DeadLetterNet;
import io.segstream.stream.drift.DriftMonitor;
import io.segstream.stream.health.GapReportingClients;
import io.segstream.stream.health.HealthLimits;
import io.segstream.stream.health.RecordPosition;
import io.segstream.stream.health.StreamHealth;
import io.segstream.stream.lifetime.LifetimeModels;
import io.segstream.stream.features.StreamClock;
import io.segstream.stream.scoring.ScoringReadModel;
import io.segstream.stream.topology.FeatureTopology;
import io.segstream.stream.topology.MappedJsonTopology;
import io.segstream.stream.topology.ScoringTopology;
import io.segstream.stream.validation.IntakeCounters;
import io.segstream.stream.validation.InvoiceBounds;
import io.segstream.stream.validation.JsonInvoiceMapping;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the stream topology to a Kafka cluster and a registry from a {@link SegstreamConfig}. */
public final class StreamApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamApp.class);

    private final KafkaStreams streams;
    private final IntakeCounters counters;
    private final ScoringReadModel scoring;
    private final StreamClock clock;
    private final DriftMonitor drift;
    private final RestoreProgress restore;
    private final StreamHealth health;
    private final QueryServer api;

    private StreamApp(KafkaStreams streams, IntakeCounters counters, ScoringReadModel scoring, StreamClock clock,
                      DriftMonitor drift, RestoreProgress restore, StreamHealth health, QueryServer api) {
        this.streams = streams;
        this.counters = counters;
        this.scoring = scoring;
        this.clock = clock;
        this.drift = drift;
        this.restore = restore;
        this.health = health;
        this.api = api;
    }

    /** The topology this configuration describes: features, then scoring. */
    public static Topology topology(SegstreamConfig config, IntakeCounters counters, ScoringReadModel scoring,
                                    StreamClock clock) {
        return topology(config, counters, scoring, new DriftMonitor(), new LifetimeModels(), clock);
    }

    /**
     * The topology this configuration describes, keeping its live distributions in {@code drift} and its newest
     * lifetime-value model in {@code lifetime}.
     */
    public static Topology topology(SegstreamConfig config, IntakeCounters counters, ScoringReadModel scoring,
                                    DriftMonitor drift, LifetimeModels lifetime, StreamClock clock) {
        StreamSettings settings = StreamSettings.from(config);
        SegstreamTopics topics = config.topics();
        AvroSerdeConfig serdeConfig = AvroSerdeConfig.forValues(config.registryOptions());
        var spec = new FeatureTopology.Spec(topics.invoices().name(), topics.invoicesJson().name(),
                SpecificAvroSerde.create(InvoiceEvent.class, serdeConfig).deserializer(),
                topics.erasures().name(), SpecificAvroSerde.create(ErasureRequest.class, serdeConfig).deserializer(),
                new Topic<>(topics.features().name(), Serdes.String(),
                        SpecificAvroSerde.create(CustomerFeatures.class, serdeConfig, new CustomerFeaturesWriter())),
                new Topic<>(topics.deadLetters().name(), Serdes.ByteArray(),
                        SpecificAvroSerde.create(DeadLetter.class, serdeConfig)), settings.deadLetters(),
                settings.cleaning(), InvoiceBounds.from(config), settings.aging(), counters, clock,
                settings.registryPatience(), settings.anonymousCustomers());
        var scoringSpec = new ScoringTopology.Spec(topics.models().name(), settings.modelName(),
                SpecificAvroSerde.create(SegmentModel.class, serdeConfig).deserializer(),
                new Topic<>(topics.changes().name(), Serdes.String(),
                        SpecificAvroSerde.create(SegmentChange.class, serdeConfig, new SegmentChangeWriter())),
                new Topic<>(topics.segments().name(), Serdes.String(),
                        SpecificAvroSerde.create(CustomerSegment.class, serdeConfig)),
                scoring, drift, settings.rescoreChunk(), Duration.ofMillis(200), lifetime,
                settings.interestBelowInvoices());
        var mapped = new MappedJsonTopology.Spec(JsonInvoiceMapping.all(config),
                SpecificAvroSerde.create(InvoiceEvent.class, serdeConfig).serializer());
        return MappedJsonTopology.addTo(ScoringTopology.build(spec, scoringSpec), spec, mapped);
    }

    /**
     * Kafka Streams settings: the config's client keys, with the defaults of {@link SegstreamConfig#defaults()} and
     * {@link StreamDefaults} where unset, and the values derived from other settings.
     */
    public static Properties streamsProperties(SegstreamConfig config) {
        StreamSettings settings = StreamSettings.from(config);
        HostInfo api = settings.apiAddress();
        Properties props = StreamDefaults.applied(config).kafkaProperties();
        props.putIfAbsent(StreamsConfig.APPLICATION_SERVER_CONFIG, api.host() + ":" + api.port());
        props.putIfAbsent(DeadLetterNet.TOPIC, config.topics().deadLetters().name());
        props.putIfAbsent(DeadLetterNet.REGISTRY_URL, settings.registryUrl());
        // The nets clip their dead letters like the intake (segstream.dead-letters.*); not a client setting.
        props.put(DeadLetterNet.LIMITS, settings.deadLetters());
        // With transactions v2 (KIP-890) the first send of a transaction is rejected with a retriable error until
        // the previous commit's markers are written; the producer then waits retry.backoff.ms (100 ms by default)
        // before it retries, which shows up directly as latency. The markers take a few ms, so retry sooner.
        if (!props.containsKey(CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG)) {
            props.putIfAbsent(StreamsConfig.producerPrefix(CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG), "10");
        }
        // Static membership: an instance that crashed and comes back under the same identity takes its tasks back at
        // once instead of waiting for its old session to time out. The identity is the application id and the query
        // API address, which is unique per instance and stable across restarts when the port is fixed. A graceful
        // close leaves the group explicitly (close()), so a stopped instance does not hold its tasks either.
        if (settings.staticMembership()) {
            props.putIfAbsent(CommonClientConfigs.GROUP_INSTANCE_ID_CONFIG, props.getProperty(
                    StreamsConfig.APPLICATION_ID_CONFIG) + "-" + api.host() + "-" + api.port());
        }
        return props;
    }

    /** Builds and starts the stream application and its query API, without metrics. */
    public static StreamApp start(SegstreamConfig config) {
        return start(config, null);
    }

    /**
     * Builds and starts the stream application and its query API.
     *
     * @param metrics where to bind the stream's meters (segstream's own and Kafka Streams'); null for none
     */
    public static StreamApp start(SegstreamConfig requested, Metrics metrics) {
        // Every setting is checked before anything starts; a bad one names its key.
        StreamSettings settings = StreamSettings.from(requested);
        JsonInvoiceMapping.all(requested);
        StreamHealth health = new StreamHealth(HealthLimits.from(requested));
        ApiOptions apiOptions = ApiOptions.from(requested, System.getenv());
        // Port 0 means any free port; it must be fixed before Kafka Streams advertises it to the other instances.
        SegstreamConfig config = settings.apiPort() == 0
                ? requested.with(SegstreamConfig.API_PORT, String.valueOf(freePort())) : requested;
        IntakeCounters counters = new IntakeCounters();
        ScoringReadModel scoring = metrics == null ? new ScoringReadModel()
                : StreamMetrics.scoringCounters(StreamMetrics.latencyTimer(metrics.registry()));
        StreamClock clock = new StreamClock();
        DriftMonitor drift = new DriftMonitor();
        LifetimeModels lifetime = new LifetimeModels();
        Properties props = streamsProperties(config);
        props.put(DeadLetterNet.COUNTERS, counters);
        KafkaStreams streams = new KafkaStreams(topology(config, counters, scoring, drift, lifetime, clock), props,
                new GapReportingClients(health::inputLost));
        RestoreProgress restore = new RestoreProgress();
        streams.setGlobalStateRestoreListener(restore);
        if (metrics != null) {
            metrics.onScrape(StreamMetrics.bind(metrics.registry(), counters, scoring, drift)::refresh);
            StreamMetrics.bindRestore(metrics.registry(), restore);
            KafkaStreamsMetrics kafkaMetrics = new KafkaStreamsMetrics(streams, Tags.empty(),
                    metrics.kafkaScheduler());
            kafkaMetrics.bindTo(metrics.registry());
            metrics.closeWith(kafkaMetrics);
            bindHealth(metrics, health, config);
        }
        streams.setUncaughtExceptionHandler(replaceThread(health));
        QueryServer api = QueryServer.start(StreamSettings.from(config).apiAddress(), streams, clock, lifetime,
                scoring, drift, health::problems, apiOptions);
        try {
            streams.start();
        } catch (RuntimeException e) {
            api.close();
            throw e;
        }
        return new StreamApp(streams, counters, scoring, clock, drift, restore, health, api);
    }

    /**
     * Replaces a failed stream thread, counting it: a thread that keeps failing, or keeps failing on the same record,
     * turns {@code /health} to 503 (see {@link HealthLimits}) while Kafka Streams itself still says RUNNING.
     */
    static StreamsUncaughtExceptionHandler replaceThread(StreamHealth health) {
        return e -> {
            Optional<RecordPosition> record = health.threadReplaced(e);
            LOG.error("Stream thread failed{}; replacing it ({} replacements since start)",
                    record.map(r -> " on " + r).orElse(""), health.threadReplacements(), e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        };
    }

    private static void bindHealth(Metrics metrics, StreamHealth health, SegstreamConfig config) {
        SegstreamTopics topics = config.topics();
        List<String> inputs = new java.util.ArrayList<>(List.of(topics.invoices().name(),
                topics.invoicesJson().name(), topics.erasures().name()));
        JsonInvoiceMapping.all(config).forEach(mapping -> inputs.add(mapping.topic()));
        StreamMetrics.bindHealth(metrics.registry(), health, inputs);
    }

    /**
     * Waits until the application is RUNNING for as long as it makes progress: fails when it is in ERROR, or when
     * {@code idle} passes without it reaching RUNNING and without a changelog record restored (a large state may take
     * much longer than {@code idle} to restore, and that is not a failure).
     */
    public void awaitRunningWhileRestoring(Duration idle) throws InterruptedException {
        long restored = restore.records();
        long deadline = System.nanoTime() + idle.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (streams.state() == KafkaStreams.State.ERROR) {
                throw new IllegalStateException("Stream app is in ERROR before it was running");
            }
            if (restore.records() != restored) {
                restored = restore.records();
                deadline = System.nanoTime() + idle.toNanos();
            } else if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Stream app is " + streams.state() + ", not RUNNING, after " + idle
                        + " without restoring a record (" + restored + " restored so far)");
            }
            Thread.sleep(100);
        }
    }

    /** Waits until the application is RUNNING. */
    public void awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR) {
                throw new IllegalStateException("Stream app is " + streams.state() + " after " + timeout);
            }
            Thread.sleep(100);
        }
    }

    /** The running Kafka Streams instance, for interactive queries and metrics. */
    public KafkaStreams streams() {
        return streams;
    }

    /** Outcome counters of this instance. */
    public IntakeCounters counters() {
        return counters;
    }

    /** Scoring counters of this instance. */
    public ScoringReadModel scoring() {
        return scoring;
    }

    /** Live distributions and drift measures of this instance. */
    public DriftMonitor drift() {
        return drift;
    }

    /** What this instance restored from changelogs. */
    public RestoreProgress restore() {
        return restore;
    }

    /** Thread failures and lost input of this instance, as {@code /health} reports them. */
    public StreamHealth health() {
        return health;
    }

    /** Stream time as this instance sees it. */
    public StreamClock clock() {
        return clock;
    }

    /** The port of the query API. */
    public int apiPort() {
        return api.port();
    }

    @Override
    public void close() {
        try {
            api.close();
        } finally {
            streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(30)));
        }
    }

    /** A port free on this host a moment ago (the embedded tools' FreePorts is dev tooling, not on this class path). */
    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("no free port for the query API", e);
        }
    }
}
