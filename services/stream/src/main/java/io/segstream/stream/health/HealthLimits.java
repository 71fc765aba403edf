package io.segstream.stream.health;

import java.time.Duration;

import io.segstream.platform.config.SegstreamConfig;

/**
 * When {@code /health} stops answering 200 for a running instance: stream threads replaced too often, or the same
 * input record failing again and again, within a sliding window. Parsed and validated at start, like
 * {@code StreamSettings}.
 *
 * @param maxThreadReplacements {@code segstream.health.max-thread-replacements}: more replacements than this within
 *                              the window make the instance unhealthy (default 3, at least 1)
 * @param maxRecordFailures     {@code segstream.health.max-record-failures}: this many failures of the same task on
 *                              the same record (topic, partition, offset) within the window make it unhealthy
 *                              (default 2, at least 2: one failure may be transient)
 * @param window                {@code segstream.health.window}: the sliding window, also how long a lost-input gap
 *                              keeps the instance unhealthy (default 15m)
 */
public record HealthLimits(int maxThreadReplacements, int maxRecordFailures, Duration window) {

    /** The key of {@link #maxThreadReplacements()}. */
    public static final String MAX_THREAD_REPLACEMENTS = "segstream.health.max-thread-replacements";
    /** The key of {@link #maxRecordFailures()}. */
    public static final String MAX_RECORD_FAILURES = "segstream.health.max-record-failures";
    /** The key of {@link #window()}. */
    public static final String WINDOW = "segstream.health.window";

    /** Defaults: 3 replacements, 2 failures of one record, 15 minutes. */
    public static final HealthLimits DEFAULT = new HealthLimits(3, 2, Duration.ofMinutes(15));

    /** Validates the limits, naming the key of a bad one. */
    public HealthLimits {
        if (maxThreadReplacements < 1) {
            throw new IllegalArgumentException("Setting '" + MAX_THREAD_REPLACEMENTS + "' must be at least 1, got '"
                    + maxThreadReplacements + "'");
        }
        if (maxRecordFailures < 2) {
            throw new IllegalArgumentException("Setting '" + MAX_RECORD_FAILURES + "' must be at least 2, got '"
                    + maxRecordFailures + "'");
        }
        if (window == null || window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("Setting '" + WINDOW + "' must be positive, got '" + window + "'");
        }
    }

    /**
     * Parses the health keys, with {@link #DEFAULT} for unset ones.
     *
     * @throws IllegalArgumentException naming the first bad key and its value
     */
    public static HealthLimits from(SegstreamConfig config) {
        return new HealthLimits(
                config.get(MAX_THREAD_REPLACEMENTS).isPresent() ? config.getInt(MAX_THREAD_REPLACEMENTS)
                        : DEFAULT.maxThreadReplacements(),
                config.get(MAX_RECORD_FAILURES).isPresent() ? config.getInt(MAX_RECORD_FAILURES)
                        : DEFAULT.maxRecordFailures(),
                config.get(WINDOW).isPresent() ? config.getDuration(WINDOW) : DEFAULT.window());
    }
}
