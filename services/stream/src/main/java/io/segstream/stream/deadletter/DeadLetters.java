package io.segstream.stream.deadletter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;

import io.segstream.avro.DeadLetter;
import io.segstream.stream.validation.Rejection;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Builds dead-letter records: the original bytes, the reason, and where the input came from, both in the value and
 * in headers (so a consumer can filter by reason without decoding). A dead letter must always be writable, so the
 * detail is clipped to {@value #MAX_DETAIL_CHARS} chars and the original value to {@value #MAX_ORIGINAL_BYTES}
 * bytes (a quarter of Kafka's default {@code max.message.bytes}, leaving room for the key, the detail and the headers
 * on a dead-letter topic with the default); a clipped value keeps its full length and SHA-256.
 */
public final class DeadLetters {

    /** Longest detail kept, in chars: enough for any of segstream's own reasons and an exception's first lines. */
    public static final int MAX_DETAIL_CHARS = 1_024;
    /** Most original value bytes kept. */
    public static final int MAX_ORIGINAL_BYTES = 262_144;
    /** Most original key bytes kept (a key is a customer id; longer ones are refused long before). */
    public static final int MAX_KEY_BYTES = 16_384;
    public static final String HEADER_ORIGINAL_LENGTH = "segstream.dlq.original-length";

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
                headers(origin, rejection, record.value()));
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
        boolean clipped = value != null && value.length > MAX_ORIGINAL_BYTES;
        return DeadLetter.newBuilder()
                .setSourceTopic(origin.topic() == null ? "" : origin.topic())
                .setPartition(origin.partition())
                .setOffset(origin.offset())
                .setRecordTimestamp(Instant.ofEpochMilli(Math.max(0, origin.timestamp())))
                .setReason(rejection.reason().name())
                .setDetail(clip(rejection.detail()))
                .setOriginalKey(key == null ? null : ByteBuffer.wrap(key, 0, Math.min(key.length, MAX_KEY_BYTES)))
                .setOriginalValue(value == null ? null
                        : ByteBuffer.wrap(value, 0, Math.min(value.length, MAX_ORIGINAL_BYTES)))
                .setOriginalLength(clipped ? (long) value.length : null)
                .setOriginalSha256(clipped ? ByteBuffer.wrap(sha256(value)) : null)
                .build();
    }

    /** {@code detail} cut to {@value #MAX_DETAIL_CHARS} chars, marked where it was cut. */
    public static String clip(String detail) {
        if (detail == null) {
            return "";
        }
        return detail.length() <= MAX_DETAIL_CHARS ? detail
                : detail.substring(0, MAX_DETAIL_CHARS - 20) + "... (" + detail.length() + " chars)";
    }

    private static byte[] sha256(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
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

    /** The headers of a dead letter whose value was clipped: {@link #headers} and the original length. */
    public static Headers headers(Origin origin, Rejection rejection, byte[] value) {
        Headers headers = headers(origin, rejection);
        if (value != null && value.length > MAX_ORIGINAL_BYTES) {
            headers.add(HEADER_ORIGINAL_LENGTH, utf8(Integer.toString(value.length)));
        }
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
