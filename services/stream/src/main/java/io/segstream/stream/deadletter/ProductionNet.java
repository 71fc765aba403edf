package io.segstream.stream.deadletter;

import java.util.Map;

import io.segstream.stream.validation.RejectReason;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;

/**
 * The safety net under the outputs (Kafka Streams' {@code production.exception.handler}): a single output record
 * that cannot be written because of what it holds (too large for the topic or the producer's
 * {@code max.request.size}, refused by the broker as invalid, or not serializable) makes its input record a dead
 * letter ({@code OUTPUT_FAILED}) and processing goes on. That output is then missing: for a changelog record, the
 * store keeps the value but a restore would not see it; counted and dead-lettered, so never silent.
 *
 * <p>A dead letter that cannot be written itself is logged and counted, never retried into a loop. Anything else
 * (timeouts, authorization, an unavailable registry) keeps Kafka Streams' default: the task fails and resumes from
 * its last commit.
 */
public final class ProductionNet implements ProductionExceptionHandler {

    private DeadLetterNet net;

    @Override
    public void configure(Map<String, ?> configs) {
        net = DeadLetterNet.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                Exception exception) {
        if (!(exception instanceof RecordTooLargeException || exception instanceof InvalidRecordException)) {
            return Response.fail();
        }
        return letter(context, record, exception);
    }

    @Override
    public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                             SerializationExceptionOrigin origin) {
        if (DeadLetterNet.notTheRecords(exception)) {
            return Response.fail();
        }
        return letter(context, record, exception);
    }

    private Response letter(ErrorHandlerContext context, ProducerRecord<?, ?> record, Exception exception) {
        if (record != null && net.topic().equals(record.topic())) {
            net.lost(context, exception);
            return Response.resume();
        }
        net.log("Output to '" + (record == null ? "?" : record.topic()) + "' failed", context, exception);
        String size = record != null && record.value() instanceof byte[] bytes ? " (" + bytes.length + " bytes)" : "";
        return Response.resume(net.letter(context, RejectReason.OUTPUT_FAILED, exception.getClass().getName()
                + " writing to '" + (record == null ? "?" : record.topic()) + "'" + size + " from processor '"
                + context.processorNodeId() + "': " + exception.getMessage()));
    }
}
