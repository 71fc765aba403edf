package io.segstream.stream.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.CustomerSegment;
import io.segstream.avro.DeadLetter;
import io.segstream.avro.ErasureRequest;
import io.segstream.avro.InvoiceEvent;
import io.segstream.avro.InvoiceLine;
import io.segstream.avro.SegmentChange;
import io.segstream.avro.SegmentModel;
import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.platform.serde.AvroSerdeConfig;
import io.segstream.platform.serde.SpecificAvroSerde;
import io.segstream.platform.topics.Topic;
import io.segstream.stream.drift.DriftMonitor;
import io.segstream.stream.features.AgingSchedule;
import io.segstream.stream.features.StreamClock;
import io.segstream.stream.lifetime.LifetimeModels;
import io.segstream.stream.scoring.ScoringReadModel;
import io.segstream.stream.topology.FeatureTopology;
import io.segstream.stream.topology.MappedJsonTopology;
import io.segstream.stream.topology.ScoringTopology;
import io.segstream.stream.validation.IntakeCounters;
import io.segstream.stream.deadletter.DeadLetterLimits;
import io.segstream.stream.deadletter.DeadLetterNet;
import io.segstream.stream.deadletter.ProcessingNet;
import io.segstream.stream.deadletter.ProductionNet;
import io.segstream.stream.validation.InvoiceBounds;
import io.segstream.stream.validation.JsonInvoiceMapping;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** A {@link TopologyTestDriver} around the whole stream (features and scoring) with registry-backed serdes. */
public final class TopologyFixture implements AutoCloseable {

    public static final String INVOICES = "invoices";
    public static final String INVOICES_JSON = "invoices-json";
    public static final String FEATURES = "customer-features";
    public static final String DEAD_LETTERS = "dead-letters";
    public static final String MODELS = "segment-models";
    public static final String CHANGES = "segment-changes";
    public static final String SEGMENTS = "customer-segments";
    public static final String ERASURES = "erasure-requests";

    public final IntakeCounters counters = new IntakeCounters();
    public final SpecificAvroSerde<InvoiceEvent> invoiceSerde;
    public final SpecificAvroSerde<ErasureRequest> erasureSerde;
    public final TestInputTopic<String, ErasureRequest> erasures;
    public final TopologyTestDriver driver;
    public final TestInputTopic<byte[], byte[]> invoices;
    public final TestInputTopic<byte[], byte[]> invoicesJson;
    public final TestOutputTopic<String, CustomerFeatures> features;
    public final TestOutputTopic<byte[], DeadLetter> deadLetters;
    public final ScoringReadModel scoring = new ScoringReadModel();
    public final DriftMonitor drift = new DriftMonitor();
    public final TestInputTopic<String, SegmentModel> models;
    public final TestOutputTopic<String, SegmentChange> changes;
    public final TestOutputTopic<String, CustomerSegment> segments;

    /** The feature stage followed by scoring, re-scoring {@code rescoreChunk} customers per wall-clock second. */
    public TopologyFixture(CleaningPolicy policy, AgingSchedule aging, int rescoreChunk) {
        this(policy, aging, rescoreChunk, SharedRegistry.url(), Duration.ofSeconds(5));
    }

    /**
     * The same against the registry at {@code registryUrl}, waiting at most {@code registryPatience} for it while it
     * is unavailable.
     */
    public TopologyFixture(CleaningPolicy policy, AgingSchedule aging, int rescoreChunk, String registryUrl,
                           Duration registryPatience) {
        this(policy, aging, rescoreChunk, registryUrl, registryPatience,
                ScoringTopology.DEFAULT_INTEREST_BELOW_INVOICES);
    }

    /** The same, predicting interests for customers with fewer invoices than {@code interestBelowInvoices}. */
    public TopologyFixture(CleaningPolicy policy, AgingSchedule aging, int rescoreChunk, String registryUrl,
                           Duration registryPatience, int interestBelowInvoices) {
        this(policy, aging, rescoreChunk, registryUrl, registryPatience, interestBelowInvoices, InvoiceBounds.DEFAULT,
                Set.of(), List.of(), DeadLetterLimits.DEFAULT);
    }

    /** The same with the intake's bounds set to {@code bounds}. */
    public TopologyFixture(CleaningPolicy policy, AgingSchedule aging, InvoiceBounds bounds) {
        this(policy, aging, 100, SharedRegistry.url(), Duration.ofSeconds(5),
                ScoringTopology.DEFAULT_INTEREST_BELOW_INVOICES, bounds, Set.of(), List.of(), DeadLetterLimits.DEFAULT);
    }

    /** The same with {@code anonymous} customer ids, whose invoices are counted and not segmented. */
    public TopologyFixture(CleaningPolicy policy, AgingSchedule aging, Set<String> anonymous) {
        this(policy, aging, 100, SharedRegistry.url(), Duration.ofSeconds(5),
                ScoringTopology.DEFAULT_INTEREST_BELOW_INVOICES, InvoiceBounds.DEFAULT, anonymous, List.of(),
                DeadLetterLimits.DEFAULT);
    }

    /** The same with topics of the user's own JSON read by {@code mappings} ({@link #jsonTopic}). */
    public TopologyFixture(CleaningPolicy policy, AgingSchedule aging, InvoiceBounds bounds,
                           List<JsonInvoiceMapping> mappings) {
        this(policy, aging, bounds, mappings, DeadLetterLimits.DEFAULT);
    }

    /** The same with topics of the user's own JSON, and dead letters (intake and nets) clipped at {@code limits}. */
    public TopologyFixture(CleaningPolicy policy, AgingSchedule aging, InvoiceBounds bounds,
                           List<JsonInvoiceMapping> mappings, DeadLetterLimits limits) {
        this(policy, aging, 10_000, SharedRegistry.url(), Duration.ofSeconds(5),
                ScoringTopology.DEFAULT_INTEREST_BELOW_INVOICES, bounds, Set.of(), mappings, limits);
    }

    private TopologyFixture(CleaningPolicy policy, AgingSchedule aging, int rescoreChunk, String registryUrl,
                            Duration registryPatience, int interestBelowInvoices, InvoiceBounds bounds,
                            Set<String> anonymous, List<JsonInvoiceMapping> mappings, DeadLetterLimits limits) {
        AvroSerdeConfig serdeConfig = AvroSerdeConfig.forValues(registryUrl);
        invoiceSerde = SpecificAvroSerde.create(InvoiceEvent.class, serdeConfig);
        var featureSerde = SpecificAvroSerde.create(CustomerFeatures.class, serdeConfig);
        var deadLetterSerde = SpecificAvroSerde.create(DeadLetter.class, serdeConfig);
        erasureSerde = SpecificAvroSerde.create(ErasureRequest.class, serdeConfig);
        var spec = new FeatureTopology.Spec(INVOICES, INVOICES_JSON, invoiceSerde.deserializer(),
                ERASURES, erasureSerde.deserializer(),
                new Topic<>(FEATURES, Serdes.String(), featureSerde),
                new Topic<>(DEAD_LETTERS, Serdes.ByteArray(), deadLetterSerde), limits,
                policy, bounds, aging, counters, new StreamClock(), registryPatience, anonymous);
        var modelSerde = SpecificAvroSerde.create(SegmentModel.class, serdeConfig);
        var changeSerde = SpecificAvroSerde.create(SegmentChange.class, serdeConfig);
        var segmentSerde = SpecificAvroSerde.create(CustomerSegment.class, serdeConfig);
        var scoringSpec = new ScoringTopology.Spec(MODELS, "rfm", modelSerde.deserializer(),
                new Topic<>(CHANGES, Serdes.String(), changeSerde),
                new Topic<>(SEGMENTS, Serdes.String(), segmentSerde), scoring, drift, rescoreChunk,
                Duration.ofSeconds(1), new LifetimeModels(), interestBelowInvoices);
        Properties props = properties();
        // The safety nets, as StreamApp sets them.
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, ProcessingNet.class.getName());
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, ProductionNet.class.getName());
        props.put(DeadLetterNet.TOPIC, DEAD_LETTERS);
        props.put(DeadLetterNet.SERIALIZER, deadLetterSerde.serializer());
        props.put(DeadLetterNet.COUNTERS, counters);
        props.put(DeadLetterNet.LIMITS, limits);
        var mapped = new MappedJsonTopology.Spec(mappings, invoiceSerde.serializer());
        driver = new TopologyTestDriver(MappedJsonTopology.addTo(ScoringTopology.build(spec, scoringSpec), spec,
                mapped), props);
        var bytes = Serdes.ByteArray();
        invoices = driver.createInputTopic(INVOICES, bytes.serializer(), bytes.serializer());
        invoicesJson = driver.createInputTopic(INVOICES_JSON, bytes.serializer(), bytes.serializer());
        erasures = driver.createInputTopic(ERASURES, Serdes.String().serializer(), erasureSerde.serializer());
        features = driver.createOutputTopic(FEATURES, Serdes.String().deserializer(), featureSerde.deserializer());
        deadLetters = driver.createOutputTopic(DEAD_LETTERS, bytes.deserializer(), deadLetterSerde.deserializer());
        models = driver.createInputTopic(MODELS, Serdes.String().serializer(), modelSerde.serializer());
        changes = driver.createOutputTopic(CHANGES, Serdes.String().deserializer(), changeSerde.deserializer());
        segments = driver.createOutputTopic(SEGMENTS, Serdes.String().deserializer(), segmentSerde.deserializer());
    }

    /** The feature stage followed by scoring with a large re-scoring chunk. */
    public TopologyFixture(CleaningPolicy policy, AgingSchedule aging) {
        this(policy, aging, 10_000);
    }

    /** An input topic of raw bytes, such as a topic of the user's own JSON. */
    public TestInputTopic<byte[], byte[]> jsonTopic(String topic) {
        var bytes = Serdes.ByteArray();
        return driver.createInputTopic(topic, bytes.serializer(), bytes.serializer());
    }

    /** Publishes a model and lets the wall-clock punctuation pick it up. */
    public void publish(SegmentModel model) {
        models.pipeInput(model.getModelName(), model);
        driver.advanceWallClockTime(Duration.ofSeconds(1));
    }

    private static Properties properties() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "segstream-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try {
            props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("segstream-ttd-").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return props;
    }

    /** Requests the customer's erasure at {@code requestedAt}, the record timestamped the same. */
    public void erase(String customer, Instant requestedAt) {
        erasures.pipeInput(customer, ErasureRequest.newBuilder().setCustomerId(customer).setRequestedAt(requestedAt)
                .setReason(null).build(), requestedAt);
    }

    /** Pipes an Avro invoice keyed by its customer id, timestamped with its invoice time. */
    public void send(InvoiceEvent event) {
        String key = event.getCustomerId() == null ? "" : event.getCustomerId();
        invoices.pipeInput(key.getBytes(StandardCharsets.UTF_8),
                invoiceSerde.serializer().serialize(INVOICES, event), event.getInvoiceTime());
    }

    /** An invoice with the given lines ({@code code, quantity, price} triples). */
    public static InvoiceEvent invoice(String invoiceNo, String customer, String time, Object... lines) {
        List<InvoiceLine> list = new ArrayList<>();
        for (int i = 0; i < lines.length; i += 3) {
            list.add(InvoiceLine.newBuilder().setStockCode((String) lines[i]).setDescription(null)
                    .setQuantity((Integer) lines[i + 1])
                    .setUnitPrice(new BigDecimal((String) lines[i + 2]).setScale(4)).build());
        }
        return InvoiceEvent.newBuilder().setInvoiceNo(invoiceNo).setCustomerId(customer).setCountry("United Kingdom")
                .setInvoiceTime(Instant.parse(time)).setLines(list).setSource("test").build();
    }

    /** The bytes of a dead letter's original key or value, null for none. */
    public static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    @Override
    public void close() {
        driver.close();
    }
}
