package io.segstream.stream.topology;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.DeadLetter;
import io.segstream.avro.ErasureRequest;
import io.segstream.avro.InvoiceEvent;
import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.platform.serde.RegistryRetry;
import io.segstream.platform.topics.Topic;
import io.segstream.stream.deadletter.DeadLetterLimits;
import io.segstream.stream.deadletter.DeadLetters;
import io.segstream.stream.erasure.ErasureIntake;
import io.segstream.stream.features.AgingSchedule;
import io.segstream.stream.features.FeatureProcessor;
import io.segstream.stream.features.FeatureStores;
import io.segstream.stream.features.StreamClock;
import io.segstream.stream.validation.IntakeCounters;
import io.segstream.stream.validation.InvoiceBounds;
import io.segstream.stream.validation.InvoiceChecks;
import io.segstream.stream.validation.InvoiceIntake;
import io.segstream.stream.validation.InvoiceTimeExtractor;
import io.segstream.platform.serde.SpecificAvroDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feature stage: raw invoices (Avro and JSON) are decoded, checked and cleaned, then folded into per-customer
 * RFM state whose features go to the compacted {@code customer-features} topic; bad inputs go to the dead letters.
 */
public final class FeatureTopology {

    private static final Logger LOG = LoggerFactory.getLogger(FeatureTopology.class);

    static final String AVRO_SOURCE = "invoices-source";
    static final String JSON_SOURCE = "invoices-json-source";
    static final String AVRO_INTAKE = "avro-intake";
    static final String JSON_INTAKE = "json-intake";
    static final String ERASURE_SOURCE = "erasure-requests-source";
    static final String ERASURE_INTAKE = "erasure-intake";
    static final String FEATURES = "features";
    static final String FEATURES_SINK = "features-sink";
    static final String DEAD_LETTER_SINK = "dead-letters-sink";

    private FeatureTopology() {
    }

    /**
     * Everything the feature stage is built from.
     *
     * @param invoicesTopic       Avro invoices (Confluent wire format), key = customer id
     * @param invoicesJsonTopic   JSON invoices, key = customer id
     * @param invoiceDeserializer decoder of the Avro invoices
     * @param erasuresTopic       erasure requests, key = customer id, partitioned like the invoices
     * @param erasureDeserializer decoder of the erasure requests
     * @param features            output topic of customer features
     * @param deadLetters         output topic of dead letters
     * @param deadLetterLimits    how much of a rejected record its dead letter keeps
     * @param policy              cleaning rules
     * @param bounds              structural limits of a valid invoice
     * @param aging               when idle customers are re-emitted
     * @param counters            where outcomes are counted
     * @param clock               advanced to the stream time of every applied invoice
     * @param registryPatience    how long a record waits for an unavailable schema registry (decoding an invoice or a
     *                            model, encoding an output) before the task stops
     * @param anonymousCustomers  customer ids whose invoices are counted and not segmented
     */
    public record Spec(String invoicesTopic, String invoicesJsonTopic, Deserializer<InvoiceEvent> invoiceDeserializer,
                       String erasuresTopic, Deserializer<ErasureRequest> erasureDeserializer,
                       Topic<String, CustomerFeatures> features, Topic<byte[], DeadLetter> deadLetters,
                       DeadLetterLimits deadLetterLimits, CleaningPolicy policy, InvoiceBounds bounds,
                       AgingSchedule aging, IntakeCounters counters, StreamClock clock, Duration registryPatience,
                       Set<String> anonymousCustomers) {
        /** Copies the anonymous ids; the dead-letter limits are required. */
        public Spec {
            Objects.requireNonNull(deadLetterLimits, "deadLetterLimits");
            anonymousCustomers = Set.copyOf(anonymousCustomers);
        }
    }

    /** Builds the topology without lifetime values. */
    public static Topology build(Spec spec) {
        return build(spec, () -> null);
    }

    /**
     * Builds the topology; each feature task scores lifetime values with what {@code lifetime} gives it (null for
     * none).
     */
    public static Topology build(Spec spec, Supplier<FeatureProcessor.Predictions> lifetime) {
        return build(spec, lifetime, null);
    }

    /**
     * Builds the topology whose feature processor also hands every update to the processor named {@code scoring}
     * (null for none), which the caller adds.
     */
    static Topology build(Spec spec, Supplier<FeatureProcessor.Predictions> lifetime, String scoring) {
        FeatureProcessor.Outputs outputs = new FeatureProcessor.Outputs(FEATURES_SINK, scoring);
        Topology topology = new Topology();
        InvoiceChecks checks = new InvoiceChecks(spec.bounds());
        DeadLetters deadLetters = new DeadLetters(spec.deadLetterLimits());
        var bytes = Serdes.ByteArray();
        // Stream time comes from the invoices' own times, inside the plausible window, never from record
        // timestamps (InvoiceTimeExtractor): the invoice topics may be retained by arrival, and a producer's clock
        // must not move the checks and the aging of every customer of a task.
        // A new application reads every source from its start (Kafka Streams' default, stated here).
        topology.addSource(AutoOffsetReset.earliest(), AVRO_SOURCE,
                extractor(InvoiceTimeExtractor.Body.AVRO_INVOICE, spec), bytes.deserializer(), bytes.deserializer(),
                spec.invoicesTopic());
        topology.addSource(AutoOffsetReset.earliest(), JSON_SOURCE,
                extractor(InvoiceTimeExtractor.Body.JSON_INVOICE, spec), bytes.deserializer(), bytes.deserializer(),
                spec.invoicesJsonTopic());
        topology.addProcessor(AVRO_INTAKE, () -> new InvoiceIntake(
                new InvoiceIntake.Format.Avro(spec.invoiceDeserializer()), checks, spec.policy(), spec.counters(),
                FEATURES, DEAD_LETTER_SINK, spec.registryPatience(), deadLetters), AVRO_SOURCE);
        topology.addProcessor(JSON_INTAKE, () -> new InvoiceIntake(new InvoiceIntake.Format.Json(), checks,
                spec.policy(), spec.counters(), FEATURES, DEAD_LETTER_SINK, spec.registryPatience(), deadLetters),
                JSON_SOURCE);
        // Erasure requests join the invoices in the same sub-topology, so a customer's erasure and invoices meet in
        // one task, in one exactly-once transaction stream.
        topology.addSource(AutoOffsetReset.earliest(), ERASURE_SOURCE, extractor(InvoiceTimeExtractor.Body.NONE,
                spec), bytes.deserializer(), bytes.deserializer(), spec.erasuresTopic());
        topology.addProcessor(ERASURE_INTAKE, () -> new ErasureIntake(spec.erasureDeserializer(), spec.counters(),
                FEATURES, DEAD_LETTER_SINK, spec.registryPatience(), deadLetters), ERASURE_SOURCE);
        topology.addProcessor(FEATURES, () -> new FeatureProcessor(spec.policy(), spec.aging(), spec.counters(),
                spec.clock(), lifetime.get(), spec.anonymousCustomers(), outputs),
                AVRO_INTAKE, JSON_INTAKE, ERASURE_INTAKE);
        for (var store : FeatureStores.builders()) {
            topology.addStateStore(store, FEATURES);
        }
        // The outputs wait out a registry outage too (a restarted instance has no schema id cached for them).
        RegistryRetry.Listener waits = registryWaits(spec.counters());
        topology.addSink(FEATURES_SINK, spec.features().name(), spec.features().keySerde().serializer(),
                RegistryRetry.patient(spec.features().valueSerde().serializer(), spec.registryPatience(), waits),
                FEATURES);
        topology.addSink(DEAD_LETTER_SINK, spec.deadLetters().name(), spec.deadLetters().keySerde().serializer(),
                RegistryRetry.patient(spec.deadLetters().valueSerde().serializer(), spec.registryPatience(), waits),
                AVRO_INTAKE, JSON_INTAKE, ERASURE_INTAKE);
        return topology;
    }

    @SuppressWarnings("unchecked")
    private static InvoiceTimeExtractor extractor(InvoiceTimeExtractor.Body body, Spec spec) {
        SpecificAvroDeserializer<InvoiceEvent> avro = body == InvoiceTimeExtractor.Body.AVRO_INVOICE
                && spec.invoiceDeserializer() instanceof SpecificAvroDeserializer<?> specific
                ? (SpecificAvroDeserializer<InvoiceEvent>) specific : null;
        return new InvoiceTimeExtractor(body, spec.bounds(), System::currentTimeMillis, avro);
    }

    /** Counts and logs each wait for an unavailable schema registry outside the intake's own decoding. */
    static RegistryRetry.Listener registryWaits(IntakeCounters counters) {
        return (failure, backoff) -> {
            counters.registryRetry();
            LOG.warn("Schema registry unavailable ({}); retrying in {} ms", failure.getMessage(), backoff);
        };
    }
}
