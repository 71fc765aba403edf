package io.segstream.stream.deadletter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Objects;

import io.segstream.avro.DeadLetter;
import io.segstream.stream.validation.Rejection;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Builds dead-letter records: the original bytes, the reason, and where the input came from, both in the value and
 * in headers (so a consumer can filter by reason without decoding). A dead letter must always be writable, so the
 * detail and the original value are clipped to the {@link DeadLetterLimits} this builder is given (settings
 * {@code segstream.dead-letters.max-detail-chars} and {@code segstream.dead-letters.max-value-bytes}, 1,024 chars and
 * 262,144 bytes by default); a clipped value keeps its full length and SHA-256.
 */
public final class DeadLetters {

    /** Most original key bytes kept (a key is a customer id; longer ones are refused long before). */
    public static final int MAX_KEY_BYTES = 16_384;
    public static final String HEADER_ORIGINAL_LENGTH = "segstream.dlq.original-length";

    public static final String HEADER_TOPIC = "segstream.dlq.topic";
    public static final String HEADER_PARTITION = "segstream.dlq.partition";
    public static final String HEADER_OFFSET = "segstream.dlq.offset";
    public static final String HEADER_REASON = "segstream.dlq.reason";

    /** Dead letters clipped at {@link DeadLetterLimits#DEFAULT}. */
    public static final DeadLetters DEFAULT = new DeadLetters(DeadLetterLimits.DEFAULT);

    /**
     * Chars a clipped detail gives up for its marker {@code "... (<length> chars)"}: room for a length of up to 8
     * digits; a longer marker takes what it needs.
     */
    private static final int MARKER_ROOM = 20;

    private final DeadLetterLimits limits;

    /** Dead letters clipped at {@code limits}. */
    public DeadLetters(DeadLetterLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** The limits of this builder. */
    public DeadLetterLimits limits() {
        return limits;
    }

    /**
     * The dead-letter record of the input record a processor is handling: the original bytes, where it was read, the
     * reason, and the reason headers.
     */
    public Record<Object, Object> recordOf(ProcessorContext<?, ?> context, Record<byte[], byte[]> record,
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
    public DeadLetter of(Origin origin, byte[] key, byte[] value, Rejection rejection) {
        boolean clipped = clipped(value);
        return DeadLetter.newBuilder()
                .setSourceTopic(origin.topic() == null ? "" : origin.topic())
                .setPartition(origin.partition())
                .setOffset(origin.offset())
                .setRecordTimestamp(Instant.ofEpochMilli(Math.max(0, origin.timestamp())))
                .setReason(rejection.reason().name())
                .setDetail(clip(rejection.detail()))
                .setOriginalKey(key == null ? null : ByteBuffer.wrap(key, 0, Math.min(key.length, MAX_KEY_BYTES)))
                .setOriginalValue(value == null ? null
                        : ByteBuffer.wrap(value, 0, Math.min(value.length, limits.maxValueBytes())))
                .setOriginalLength(clipped ? (long) value.length : null)
                .setOriginalSha256(clipped ? ByteBuffer.wrap(sha256(value)) : null)
                .build();
    }

    /**
     * {@code detail} as kept: whole when it has at most {@link DeadLetterLimits#maxDetailChars()} chars, otherwise
     * its start and the marker {@code "... (<length> chars)"}, together no longer than that.
     */
    public String clip(String detail) {
        if (detail == null) {
            return "";
        }
        int max = limits.maxDetailChars();
        if (detail.length() <= max) {
            return detail;
        }
        String marker = "... (" + detail.length() + " chars)";
        return detail.substring(0, Math.min(max - MARKER_ROOM, max - marker.length())) + marker;
    }

    /** Whether {@code value} is longer than a dead letter keeps. */
    private boolean clipped(byte[] value) {
        return value != null && value.length > limits.maxValueBytes();
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
    public Headers headers(Origin origin, Rejection rejection, byte[] value) {
        Headers headers = headers(origin, rejection);
        if (clipped(value)) {
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
