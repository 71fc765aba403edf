package io.segstream.stream.deadletter;

import io.segstream.platform.config.SegstreamConfig;

/**
 * How much of a rejected record a dead letter keeps, each a setting ({@code segstream.dead-letters.*}). The point of
 * the limits is that a dead letter can always be written: the dead-letter topic is where a record goes when nothing
 * else can take it, so a dead letter that is itself too large for the producer's {@code max.request.size} or the
 * topic's {@code max.message.bytes} (both 1 MiB by Kafka's defaults) would be lost. A dead letter holds the original
 * value (at most {@link #maxValueBytes()} bytes), the detail (at most {@link #maxDetailChars()} chars, up to 3 bytes
 * each in UTF-8), the original key twice (in the record key and in the value, at most
 * {@value DeadLetters#MAX_KEY_BYTES} bytes each), the source topic twice (at most 249 chars), four or five short
 * headers and the framing. The largest values accepted here, 900 KiB of value and 16,384 chars of detail, leave
 * about 43 KiB of the default 1 MiB for the rest; a cluster or producer with a smaller limit needs smaller values.
 *
 * @param maxDetailChars {@code segstream.dead-letters.max-detail-chars}: longest detail kept, in chars; a longer one
 *                       is cut and ends with {@code "... (<length> chars)"} (default 1,024: enough for any of
 *                       segstream's own reasons and an exception's first lines; at least 32, room for that marker
 *                       and the start of the detail; at most 16,384)
 * @param maxValueBytes  {@code segstream.dead-letters.max-value-bytes}: most original value bytes kept; a longer
 *                       value keeps its first bytes, its full length ({@code originalLength}, header
 *                       {@value DeadLetters#HEADER_ORIGINAL_LENGTH}) and its SHA-256 (default 262,144, a quarter of
 *                       Kafka's default {@code max.message.bytes}; at least 1, at most 921,600 = 900 KiB)
 */
public record DeadLetterLimits(int maxDetailChars, int maxValueBytes) {

    /** The key of {@link #maxDetailChars()}. */
    public static final String MAX_DETAIL_CHARS = "segstream.dead-letters.max-detail-chars";
    /** The key of {@link #maxValueBytes()}. */
    public static final String MAX_VALUE_BYTES = "segstream.dead-letters.max-value-bytes";

    /** Fewest detail chars allowed: the clip marker ({@code "... (2147483647 chars)"}, 22 chars) and some text. */
    public static final int SMALLEST_DETAIL_CHARS = 32;
    /** Most detail chars allowed: 16,384 chars are at most 48 KiB in UTF-8. */
    public static final int LARGEST_DETAIL_CHARS = 16_384;
    /** Most value bytes allowed: 900 KiB, leaving the rest of Kafka's default 1 MiB for everything else. */
    public static final int LARGEST_VALUE_BYTES = 900 * 1_024;

    /** Defaults: 1,024 chars of detail, 262,144 bytes (256 KiB) of value. */
    public static final DeadLetterLimits DEFAULT = new DeadLetterLimits(1_024, 262_144);

    /** Validates the limits, naming the key of a bad one. */
    public DeadLetterLimits {
        if (maxDetailChars < SMALLEST_DETAIL_CHARS || maxDetailChars > LARGEST_DETAIL_CHARS) {
            throw new IllegalArgumentException("Setting '" + MAX_DETAIL_CHARS + "' must be " + SMALLEST_DETAIL_CHARS
                    + ".." + LARGEST_DETAIL_CHARS + " chars (room for the clip marker; a dead letter must stay "
                    + "writable), got '" + maxDetailChars + "'");
        }
        if (maxValueBytes < 1 || maxValueBytes > LARGEST_VALUE_BYTES) {
            throw new IllegalArgumentException("Setting '" + MAX_VALUE_BYTES + "' must be 1.." + LARGEST_VALUE_BYTES
                    + " bytes (900 KiB: a dead letter with its key, detail and headers must stay below the "
                    + "producer's max.request.size and the topic's max.message.bytes, 1 MiB by default), got '"
                    + maxValueBytes + "'");
        }
    }

    /**
     * Parses the dead-letter keys, with {@link #DEFAULT} for unset ones.
     *
     * @throws IllegalArgumentException naming the first bad key and its value
     */
    public static DeadLetterLimits from(SegstreamConfig config) {
        return new DeadLetterLimits(
                config.get(MAX_DETAIL_CHARS).isPresent() ? config.getInt(MAX_DETAIL_CHARS) : DEFAULT.maxDetailChars(),
                config.get(MAX_VALUE_BYTES).isPresent() ? config.getInt(MAX_VALUE_BYTES) : DEFAULT.maxValueBytes());
    }
}
