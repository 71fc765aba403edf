package io.segstream.stream.deadletter;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.segstream.avro.DeadLetter;
import io.segstream.platform.registry.RegistryClientOptions;
import io.segstream.platform.serde.AvroSerdeConfig;
import io.segstream.platform.serde.RegistryUnavailableSerdeException;
import io.segstream.platform.serde.SpecificAvroSerde;
import io.segstream.stream.validation.IntakeCounters;
import io.segstream.stream.validation.RejectReason;
import io.segstream.stream.validation.Rejection;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.StreamsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the safety nets under the topology (Kafka Streams' exception handlers, {@link ProcessingNet} and
 * {@link ProductionNet}) share: where dead letters go, how they are encoded, what is counted and logged.
 *
 * <p>Kafka Streams instantiates the handlers itself, so they are wired through their configuration:
 * {@link #TOPIC} names the dead-letter topic; {@link #SERIALIZER} (optional) is the {@code DeadLetter} serializer,
 * otherwise one is built for {@link #REGISTRY_URL}; {@link #COUNTERS} (optional) is where the net counts;
 * {@link #LIMITS} (optional) is how much of a record its dead letters keep, the intake's (otherwise the defaults).
 */
public final class DeadLetterNet {

    /** Config key: the dead-letter topic's name. */
    public static final String TOPIC = "segstream.net.dead-letters.topic";
    /** Config key: a {@code Serializer<DeadLetter>} instance. */
    public static final String SERIALIZER = "segstream.net.dead-letters.serializer";
    /** Config key: the schema registry URL the net's own serializer uses when {@link #SERIALIZER} is not set. */
    public static final String REGISTRY_URL = "segstream.net.registry.url";
    /** Config key: the {@link IntakeCounters} instance the net counts in. */
    public static final String COUNTERS = "segstream.net.counters";
    /** Config key: the {@link DeadLetterLimits} instance the net's dead letters are clipped at. */
    public static final String LIMITS = "segstream.net.dead-letters.limits";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterNet.class);

    private final String topic;
    private final Serializer<DeadLetter> serializer;
    private final IntakeCounters counters;
    private final DeadLetters deadLetters;
    /** Which (exception, processor) pairs were logged with their stack trace already: once each is enough. */
    private final Set<String> traced = ConcurrentHashMap.newKeySet();

    DeadLetterNet(String topic, Serializer<DeadLetter> serializer, IntakeCounters counters, DeadLetters deadLetters) {
        this.topic = topic;
        this.serializer = serializer;
        this.counters = counters;
        this.deadLetters = deadLetters;
    }

    /** The net a handler's {@code configure} is given. */
    @SuppressWarnings("unchecked")
    static DeadLetterNet from(Map<String, ?> configs) {
        Object topic = configs.get(TOPIC);
        if (!(topic instanceof String name) || name.isBlank()) {
            throw new ConfigException(TOPIC, topic, "the dead-letter topic of the safety net must be set");
        }
        Serializer<DeadLetter> serializer;
        if (configs.get(SERIALIZER) instanceof Serializer<?> given) {
            serializer = (Serializer<DeadLetter>) given;
        } else if (configs.get(REGISTRY_URL) instanceof String url) {
            // The client settings carry the registry's credentials and TLS keys (basic.auth.*, schema.registry.ssl.*).
            Map<String, Object> registry = new HashMap<>(configs);
            registry.put(RegistryClientOptions.REGISTRY_URL, url);
            serializer = SpecificAvroSerde.create(DeadLetter.class,
                    AvroSerdeConfig.forValues(RegistryClientOptions.fromConfig(registry))).serializer();
        } else {
            throw new ConfigException(SERIALIZER, null, "the safety net needs a dead-letter serializer or '"
                    + REGISTRY_URL + "'");
        }
        IntakeCounters counters = configs.get(COUNTERS) instanceof IntakeCounters given ? given : new IntakeCounters();
        Object limits = configs.get(LIMITS);
        if (limits != null && !(limits instanceof DeadLetterLimits)) {
            throw new ConfigException(LIMITS, limits, "the safety net's dead-letter limits must be a DeadLetterLimits; "
                    + "set " + DeadLetterLimits.MAX_DETAIL_CHARS + " and " + DeadLetterLimits.MAX_VALUE_BYTES
                    + " instead");
        }
        DeadLetters deadLetters = limits == null ? DeadLetters.DEFAULT : new DeadLetters((DeadLetterLimits) limits);
        return new DeadLetterNet(name, serializer, counters, deadLetters);
    }

    /** The dead-letter topic. */
    String topic() {
        return topic;
    }

    /**
     * Whether {@code exception} is the platform's, not the record's: Kafka Streams' own (a state store, a fenced
     * producer, a migrated task) or an unavailable registry. Those stop the task, which resumes from its last
     * commit; a dead letter would lose a valid record.
     */
    static boolean notTheRecords(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StreamsException || t instanceof RegistryUnavailableSerdeException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The dead letter of the input record being processed, or an empty list when it cannot be encoded (then
     * logged and counted, never thrown).
     */
    List<ProducerRecord<byte[], byte[]>> letter(ErrorHandlerContext context, RejectReason reason, String detail) {
        counters.reject(reason);
        var origin = new DeadLetters.Origin(context.topic(), context.partition(), context.offset(),
                context.timestamp());
        byte[] key = context.sourceRawKey();
        byte[] value = context.sourceRawValue();
        Rejection rejection = new Rejection(reason, deadLetters.clip(detail));
        try {
            DeadLetter letter = deadLetters.of(origin, key, value, rejection);
            byte[] encoded = serializer.serialize(topic, letter);
            byte[] letterKey = key == null || key.length <= DeadLetters.MAX_KEY_BYTES ? key
                    : java.util.Arrays.copyOf(key, DeadLetters.MAX_KEY_BYTES);
            return List.of(new ProducerRecord<>(topic, null, null, letterKey, encoded,
                    deadLetters.headers(origin, rejection, value)));
        } catch (RuntimeException e) {
            lost(context, e);
            return List.of();
        }
    }

    /** A dead letter that cannot be written: logged and counted, never a reason to stop. */
    void lost(ErrorHandlerContext context, Exception e) {
        counters.deadLetterLost();
        LOG.error("A dead letter for {}-{}@{} could not be written and is lost (counted in "
                + "segstream_dead_letters_lost_total): {}", context.topic(), context.partition(), context.offset(),
                e.toString());
    }

    /** A punctuation that failed and was skipped. */
    void punctuationFailed() {
        counters.punctuationFailure();
    }

    /** Logs what the net caught: the stack trace once per exception class and processor, then one line each. */
    void log(String what, ErrorHandlerContext context, Exception exception) {
        String where = context.topic() + "-" + context.partition() + "@" + context.offset();
        String kind = exception.getClass().getName() + "@" + context.processorNodeId();
        if (traced.size() < 1_000 && traced.add(kind)) {
            LOG.error("{} in processor '{}' on {}; dead-lettered, processing goes on", what,
                    context.processorNodeId(), where, exception);
        } else {
            LOG.warn("{} in processor '{}' on {}; dead-lettered: {}", what, context.processorNodeId(), where,
                    exception.toString());
        }
    }

    /** The detail of a dead letter for an exception: its class, the processor, and its message. */
    static String detail(Exception exception, String processor) {
        return exception.getClass().getName() + " in processor '" + processor + "': " + exception.getMessage();
    }
}
