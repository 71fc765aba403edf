package io.segstream.stream.erasure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.segstream.avro.ErasureRequest;
import io.segstream.stream.deadletter.DeadLetters;
import io.segstream.stream.validation.IntakeCounters;
import io.segstream.stream.validation.PatientAvroDecoder;
import io.segstream.stream.validation.RejectReason;
import io.segstream.stream.validation.Rejection;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Reads the {@code erasure-requests} topic: a valid request goes on to the customer's state keyed by customer id, a
 * malformed one to the dead letters with its reason. A tombstone (a request compacted away) means nothing. The topic
 * is partitioned like the invoices, so a request meets the customer's state in the same task.
 */
public final class ErasureIntake implements Processor<byte[], byte[], Object, Object> {

    private final PatientAvroDecoder<ErasureRequest> decoder;
    private final IntakeCounters counters;
    private final String featuresChild;
    private final String deadLettersChild;
    private final DeadLetters deadLetters;
    private ProcessorContext<Object, Object> context;

    /**
     * @param registryPatience how long a request whose writer schema the registry cannot serve waits before the task
     *                         stops (it is then read again), never dead-lettered for an outage
     * @param deadLetters      how the dead letters are built (how much of a record they keep)
     */
    public ErasureIntake(Deserializer<ErasureRequest> deserializer, IntakeCounters counters, String featuresChild,
                         String deadLettersChild, Duration registryPatience, DeadLetters deadLetters) {
        this.decoder = new PatientAvroDecoder<>(deserializer, registryPatience, counters);
        this.counters = counters;
        this.featuresChild = featuresChild;
        this.deadLettersChild = deadLettersChild;
        this.deadLetters = deadLetters;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.value() == null) {
            return;
        }
        String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
        String topic = context.recordMetadata().map(m -> m.topic()).orElse("");
        String where = context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
                .orElse("?");
        var decoded = decoder.decode(topic, record.value(), where);
        if (decoded.rejection() != null) {
            reject(record, decoded.rejection());
            return;
        }
        ErasureRequest request = decoded.value();
        if (request.getCustomerId() == null || request.getCustomerId().isBlank()) {
            reject(record, new Rejection(RejectReason.MISSING_FIELD, "erasure request without a customer id"));
        } else if (!request.getCustomerId().equals(key)) {
            reject(record, new Rejection(RejectReason.KEY_MISMATCH, "erasure request key is not its customerId"));
        } else {
            context.forward(new Record<Object, Object>(key, new Erasure(request.getRequestedAt().toEpochMilli()),
                    record.timestamp()), featuresChild);
        }
    }

    private void reject(Record<byte[], byte[]> record, Rejection rejection) {
        counters.reject(rejection.reason());
        context.forward(deadLetters.recordOf(context, record, rejection), deadLettersChild);
    }
}
