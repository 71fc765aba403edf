package io.segstream.stream.scoring;

import io.segstream.avro.ChangeCause;
import io.segstream.avro.CustomerSegment;
import io.segstream.avro.SegmentChange;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns each segment change into the customer's current segment for the compacted segments topic: the state the
 * change leads to, or a tombstone when the change is an erasure. It sits behind the scoring processor in the same
 * sub-topology, so a change and its current segment are committed in one transaction and the table never disagrees
 * with the event stream.
 */
public final class CurrentSegments implements Processor<String, SegmentChange, String, CustomerSegment> {

    private final String modelName;
    private ProcessorContext<String, CustomerSegment> context;

    /** @param modelName name of the model the scoring stage uses, written on every record */
    public CurrentSegments(String modelName) {
        this.modelName = modelName;
    }

    @Override
    public void init(ProcessorContext<String, CustomerSegment> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, SegmentChange> record) {
        // The invoice's headers (its send time) describe the event, not the state: the table gets none.
        context.forward(record.withValue(of(modelName, record.value())).withHeaders(new RecordHeaders()));
    }

    /** The current segment after {@code change} under model {@code modelName}; null (a tombstone) after an erasure. */
    public static CustomerSegment of(String modelName, SegmentChange change) {
        if (change.getCause() == ChangeCause.ERASED) {
            return null;
        }
        return CustomerSegment.newBuilder()
                .setCustomerId(change.getCustomerId())
                .setSegmentId(change.getToSegmentId())
                .setSegmentName(change.getToSegmentName())
                .setModelName(modelName)
                .setModelVersion(change.getToModelVersion())
                .setSince(change.getEventTime())
                .build();
    }
}
