package io.segstream.stream.validation;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import io.segstream.avro.InvoiceEvent;
import io.segstream.core.cleaning.Cleaning;
import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.core.cleaning.CleaningResult;
import io.segstream.core.cleaning.Outcome;
import io.segstream.core.invoice.Invoice;
import io.segstream.platform.serde.SpecificAvroDeserializer;
import io.segstream.stream.deadletter.DeadLetters;
import io.segstream.platform.mapping.InvoiceMapping;
import io.segstream.stream.invoice.InvoiceWireReader;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * First stage of the stream: decodes raw input bytes (Avro in the Confluent wire format, or JSON), checks them and
 * applies the cleaning rules. Usable invoices go to {@code featuresChild} keyed by customer id; everything else goes
 * to {@code deadLettersChild} with the original bytes and the reason, so the stream never stops on bad input and
 * nothing is lost silently. Invoices without a customer are counted and dropped: they cannot be segmented.
 */
public final class InvoiceIntake implements Processor<byte[], byte[], Object, Object> {

    /** How the raw value bytes are decoded. */
    public sealed interface Format {
        /** Avro {@code InvoiceEvent} through a registry-aware deserializer. */
        record Avro(Deserializer<InvoiceEvent> deserializer) implements Format {
        }

        /** The JSON invoice contract. */
        record Json() implements Format {
        }
    }

    private final Format format;
    private final InvoiceChecks checks;
    private final CleaningPolicy policy;
    private final IntakeCounters counters;
    private final String featuresChild;
    private final String deadLettersChild;
    private final JsonInvoiceDecoder json = new JsonInvoiceDecoder();
    private final Duration registryPatience;
    private final DeadLetters deadLetters;
    /** The fast path for Avro records of the current schema; null for JSON or another deserializer. */
    private final InvoiceWireReader fast;
    private ProcessorContext<Object, Object> context;

    /**
     * @param registryPatience how long a record whose writer schema the registry cannot serve is retried (with
     *                         backoff) before the task is stopped with a {@link RegistryOutageException}
     * @param deadLetters      how the dead letters are built (how much of a record they keep)
     */
    @SuppressWarnings("unchecked")
    public InvoiceIntake(Format format, InvoiceChecks checks, CleaningPolicy policy, IntakeCounters counters,
                         String featuresChild, String deadLettersChild, Duration registryPatience,
                         DeadLetters deadLetters) {
        this.format = format;
        this.deadLetters = deadLetters;
        this.registryPatience = registryPatience;
        this.fast = format instanceof Format.Avro(var deserializer)
                && deserializer instanceof SpecificAvroDeserializer<?> specific
                ? new InvoiceWireReader((SpecificAvroDeserializer<InvoiceEvent>) specific) : null;
        this.checks = checks;
        this.policy = policy;
        this.counters = counters;
        this.featuresChild = featuresChild;
        this.deadLettersChild = deadLettersChild;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        Invoice invoice = fast == null ? null : fast.read(record.value());
        if (invoice != null) {
            Optional<Rejection> problem = checks.check(key, invoice, context.currentStreamTimeMs());
            if (problem.isPresent()) {
                deadLetter(record, problem.get());
                return;
            }
        } else {
            Decoded decoded = decode(record.value());
            if (decoded instanceof Decoded.Rejected rejected) {
                deadLetter(record, rejected.rejection());
                return;
            }
            InvoiceEvent event = ((Decoded.Accepted) decoded).invoice();
            Optional<Rejection> problem = checks.check(key, event, context.currentStreamTimeMs());
            if (problem.isPresent()) {
                deadLetter(record, problem.get());
                return;
            }
            invoice = InvoiceMapping.toInvoice(event);
        }
        CleaningResult result = Cleaning.clean(invoice, policy);
        if (result.outcome() == Outcome.INVALID) {
            counters.invalid();
            deadLetter(record, new Rejection(RejectReason.INVALID_VALUES, result.reason()));
            return;
        }
        counters.cleaned(result);
        result.toApply().ifPresent(cleaned -> context.forward(
                new Record<Object, Object>(cleaned.customerId(), cleaned, cleaned.invoiceTimeMillis(),
                        record.headers()),
                featuresChild));
    }

    private Decoded decode(byte[] value) {
        if (value == null) {
            return Decoded.reject(RejectReason.NULL_VALUE, "record has no value");
        }
        return switch (format) {
            case Format.Json ignored -> json.decode(value);
            case Format.Avro avro -> decodeAvro(avro.deserializer(), value);
        };
    }

    private Decoded decodeAvro(Deserializer<InvoiceEvent> deserializer, byte[] value) {
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("");
        var result = new PatientAvroDecoder<>(deserializer, registryPatience, counters).decode(topic, value, where());
        return result.rejection() == null ? new Decoded.Accepted(result.value())
                : Decoded.reject(result.rejection().reason(), result.rejection().detail());
    }

    private String where() {
        return context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse("?");
    }

    private void deadLetter(Record<byte[], byte[]> record, Rejection rejection) {
        if (rejection.reason() != RejectReason.INVALID_VALUES) {
            counters.reject(rejection.reason());
        }
        context.forward(deadLetters.recordOf(context, record, rejection), deadLettersChild);
    }
}
