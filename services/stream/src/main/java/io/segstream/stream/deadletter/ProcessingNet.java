package io.segstream.stream.deadletter;

import java.util.Map;

import io.segstream.stream.validation.RejectReason;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The safety net under every processor (Kafka Streams' {@code processing.exception.handler}, KIP-1033/1034): an
 * exception no check foresaw, raised while decoding, checking, cleaning, applying to state or scoring one input
 * record, makes that record a dead letter ({@code PROCESSING_ERROR}, naming the exception and the processor) in the
 * same exactly-once transaction, and processing goes on. It covers code written later as well as today's.
 *
 * <p>Exceptions of the platform (Kafka Streams' own, an unavailable schema registry) still fail the task, which
 * resumes from its last commit: they are no fault of the record. An exception in a punctuator (aging, re-scoring,
 * lifetime-model refresh) has no input record: it is logged and counted, and that punctuation is skipped; the next
 * one tries again.
 */
public final class ProcessingNet implements ProcessingExceptionHandler {

    private DeadLetterNet net;

    @Override
    public void configure(Map<String, ?> configs) {
        net = DeadLetterNet.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (DeadLetterNet.notTheRecords(exception)) {
            return Response.fail();
        }
        net.log(record == null ? "Punctuation failed" : "Unexpected exception", context, exception);
        if (record == null) {
            net.punctuationFailed();
            return Response.resume();
        }
        return Response.resume(net.letter(context, RejectReason.PROCESSING_ERROR,
                DeadLetterNet.detail(exception, context.processorNodeId())));
    }
}
