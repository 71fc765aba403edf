package io.segstream.platform.serde;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The one wait-for-the-registry policy of segstream's clients: a call that fails because the schema registry cannot
 * be reached is retried with exponential backoff (50 ms doubling to 2 s) until it succeeds or {@code patience} has
 * passed. Every other failure is thrown at once. A transient registry outage therefore delays work instead of
 * turning good records into errors.
 */
public final class RegistryRetry {

    private static final long FIRST_BACKOFF_MILLIS = 50;
    private static final long MAX_BACKOFF_MILLIS = 2_000;

    private RegistryRetry() {
    }

    /** Told before each wait: the failure and how long the wait will be. */
    @FunctionalInterface
    public interface Listener {
        void retrying(RegistryUnavailableSerdeException failure, long backoffMillis);
    }

    /**
     * Runs {@code call}, retrying while the registry is unavailable.
     *
     * @throws RegistryUnavailableSerdeException the last failure, once {@code patience} has passed
     * @throws InterruptedException              when interrupted while waiting
     */
    public static <T> T call(Supplier<T> call, Duration patience, Listener listener) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        long backoff = FIRST_BACKOFF_MILLIS;
        while (true) {
            try {
                return call.get();
            } catch (RegistryUnavailableSerdeException e) {
                if (System.nanoTime() - deadline >= 0) {
                    throw e;
                }
                listener.retrying(e, backoff);
                Thread.sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
    }
}
