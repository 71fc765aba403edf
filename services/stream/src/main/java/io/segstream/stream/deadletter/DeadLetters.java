package io.segstream.stream.deadletter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.segstream.avro.DeadLetter;
import io.segstream.stream.validation.Rejection;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Builds dead-letter records: the original bytes unchanged, the reason, and where the input came from, both in the
 * value and in headers (so a consumer can filter by reason without decoding).
 */
public final class DeadLetters {

    public static final String HEADER_TOPIC = "segstream.dlq.topic";
    public static final String HEADER_PARTITION = "segstream.dlq.partition";
    public static final String HEADER_OFFSET = "segstream.dlq.offset";
    public static final String HEADER_REASON = "segstream.dlq.reason";

    private DeadLetters() {
    }

    /**
     * The dead-letter record of the input record a processor is handling: the original bytes, where it was read, the
     * reason, and the reason headers.
     */
    public static Record<Object, Object> recordOf(ProcessorContext<?, ?> context, Record<byte[], byte[]> record,
                                                  Rejection rejection) {
        Origin origin = context.recordMetadata()
                .map(m -> new Origin(m.topic(), m.partition(), m.offset(), record.timestamp()))
                .orElse(new Origin("", -1, -1L, record.timestamp()));
        return new Record<>(record.key(), of(origin, record.key(), record.value(), rejection), record.timestamp(),
                headers(origin, rejection));
    }

    /**
     * The dead letter of one input record.
     *
     * @param origin    where the record was read
     * @param key       original key bytes, may be null
     * @param value     original value bytes, may be null
     * @param rejection why it was rejected
     */
    public static DeadLetter of(Origin origin, byte[] key, byte[] value, Rejection rejection) {
        return DeadLetter.newBuilder()
                .setSourceTopic(origin.topic())
                .setPartition(origin.partition())
                .setOffset(origin.offset())
                .setRecordTimestamp(Instant.ofEpochMilli(Math.max(0, origin.timestamp())))
                .setReason(rejection.reason().name())
                .setDetail(rejection.detail())
                .setOriginalKey(key == null ? null : ByteBuffer.wrap(key))
                .setOriginalValue(value == null ? null : ByteBuffer.wrap(value))
                .build();
    }

    /** Headers carrying the origin and the reason. */
    public static Headers headers(Origin origin, Rejection rejection) {
        Headers headers = new RecordHeaders();
        headers.add(HEADER_TOPIC, utf8(origin.topic()));
        headers.add(HEADER_PARTITION, utf8(Integer.toString(origin.partition())));
        headers.add(HEADER_OFFSET, utf8(Long.toString(origin.offset())));
        headers.add(HEADER_REASON, utf8(rejection.reason().name()));
        return headers;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Where an input record was read.
     *
     * @param topic     source topic
     * @param partition source partition
     * @param offset    offset in that partition
     * @param timestamp record timestamp
     */
    public record Origin(String topic, int partition, long offset, long timestamp) {
    }
}
