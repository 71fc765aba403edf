package io.segstream.stream.validation;

import java.util.Optional;

import io.segstream.avro.InvoiceEvent;
import io.segstream.stream.deadletter.DeadLetters;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Reads a topic of the user's own invoice JSON ({@link JsonInvoiceMapping}): decodes and checks each record like
 * the JSON contract, dead-letters what fails with its reason and the original bytes, and forwards the rest as
 * {@code InvoiceEvent}s keyed by customer id ({@code ""} for none) to {@code invoicesChild}, a sink to the Avro
 * invoice topic. The user's record key is not used: such a topic is usually keyed by order, and per-customer state
 * needs the customer's partition, which the re-keyed invoice topic gives (in the same exactly-once transaction).
 */
public final class MappedJsonIntake implements Processor<byte[], byte[], Object, Object> {

    private final MappedJsonDecoder decoder;
    private final InvoiceChecks checks;
    private final IntakeCounters counters;
    private final String invoicesChild;
    private final String deadLettersChild;
    private final DeadLetters deadLetters;
    private ProcessorContext<Object, Object> context;

    /** @param deadLetters how the dead letters are built (how much of a record they keep) */
    public MappedJsonIntake(MappedJsonDecoder decoder, InvoiceChecks checks, IntakeCounters counters,
                            String invoicesChild, String deadLettersChild, DeadLetters deadLetters) {
        this.decoder = decoder;
        this.checks = checks;
        this.counters = counters;
        this.invoicesChild = invoicesChild;
        this.deadLettersChild = deadLettersChild;
        this.deadLetters = deadLetters;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        Decoded decoded = decoder.decode(record.value());
        if (decoded instanceof Decoded.Rejected rejected) {
            deadLetter(record, rejected.rejection());
            return;
        }
        InvoiceEvent event = ((Decoded.Accepted) decoded).invoice();
        String customer = event.getCustomerId() == null ? "" : event.getCustomerId();
        Optional<Rejection> problem = checks.check(customer, event, context.currentStreamTimeMs());
        if (problem.isPresent()) {
            deadLetter(record, problem.get());
            return;
        }
        context.forward(new Record<Object, Object>(customer, event, event.getInvoiceTime().toEpochMilli(),
                new RecordHeaders()), invoicesChild);
    }

    private void deadLetter(Record<byte[], byte[]> record, Rejection rejection) {
        counters.reject(rejection.reason());
        context.forward(deadLetters.recordOf(context, record, rejection), deadLettersChild);
    }
}
