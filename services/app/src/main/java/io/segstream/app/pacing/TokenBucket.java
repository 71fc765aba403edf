package io.segstream.app.pacing;

/**
 * Rate limiting by token bucket: tokens accrue at {@code ratePerSecond} up to {@code burst}; each event takes one,
 * and an event finding none waits until one has accrued. The caller passes the clock reading in, so the bucket is
 * deterministic. Not thread-safe.
 */
public final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1e9;

    private final double ratePerSecond;
    private final double burst;
    private double tokens;
    private long lastNanos;
    private boolean started;

    /**
     * @param ratePerSecond events per second, positive
     * @param burst most events let through at once after an idle spell, at least 1
     */
    public TokenBucket(double ratePerSecond, double burst) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive, got " + ratePerSecond);
        }
        if (!(burst >= 1)) {
            throw new IllegalArgumentException("burst must be at least 1, got " + burst);
        }
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
    }

    /**
     * Takes a token for one event at clock reading {@code nowNanos}.
     *
     * @return nanoseconds the event must wait; the token is already taken, so the caller waits and emits
     */
    public long reserve(long nowNanos) {
        if (!started) {
            // One token, not a full bucket, so start-up does not release a burst.
            started = true;
            tokens = 1;
            lastNanos = nowNanos;
        } else if (nowNanos > lastNanos) {
            tokens = Math.min(burst, tokens + (nowNanos - lastNanos) * ratePerSecond / NANOS_PER_SECOND);
            lastNanos = nowNanos;
        }
        tokens -= 1;
        if (tokens >= 0) {
            return 0;
        }
        return (long) Math.ceil(-tokens * NANOS_PER_SECOND / ratePerSecond);
    }
}
