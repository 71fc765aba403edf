package io.segstream.platform.serde;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

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

    /**
     * {@code serde} with both directions waiting out registry outages, each call up to {@code patience}; past it the
     * last {@link RegistryUnavailableSerdeException} is thrown, and an interrupt while waiting becomes Kafka's
     * {@link InterruptException} (the flag stays set). Every other failure passes through at once.
     */
    public static <T> Serde<T> patient(Serde<T> serde, Duration patience, Listener listener) {
        Serializer<T> serializer = patient(serde.serializer(), patience, listener);
        Deserializer<T> deserializer = patient(serde.deserializer(), patience, listener);
        return new Serde<>() {
            @Override
            public Serializer<T> serializer() {
                return serializer;
            }

            @Override
            public Deserializer<T> deserializer() {
                return deserializer;
            }

            @Override
            public void close() {
                serde.close();
            }
        };
    }

    /** {@code serializer} waiting out registry outages; see {@link #patient(Serde, Duration, Listener)}. */
    public static <T> Serializer<T> patient(Serializer<T> serializer, Duration patience, Listener listener) {
        return new Serializer<>() {
            @Override
            public void configure(Map<String, ?> configs, boolean isKey) {
                serializer.configure(configs, isKey);
            }

            @Override
            public byte[] serialize(String topic, T data) {
                return uninterrupted(() -> serializer.serialize(topic, data), patience, listener);
            }

            @Override
            public byte[] serialize(String topic, Headers headers, T data) {
                return uninterrupted(() -> serializer.serialize(topic, headers, data), patience, listener);
            }

            @Override
            public void close() {
                serializer.close();
            }
        };
    }

    /** {@code deserializer} waiting out registry outages; see {@link #patient(Serde, Duration, Listener)}. */
    public static <T> Deserializer<T> patient(Deserializer<T> deserializer, Duration patience, Listener listener) {
        return new Deserializer<>() {
            @Override
            public void configure(Map<String, ?> configs, boolean isKey) {
                deserializer.configure(configs, isKey);
            }

            @Override
            public T deserialize(String topic, byte[] data) {
                return uninterrupted(() -> deserializer.deserialize(topic, data), patience, listener);
            }

            @Override
            public T deserialize(String topic, Headers headers, byte[] data) {
                return uninterrupted(() -> deserializer.deserialize(topic, headers, data), patience, listener);
            }

            @Override
            public T deserialize(String topic, Headers headers, ByteBuffer data) {
                return uninterrupted(() -> deserializer.deserialize(topic, headers, data), patience, listener);
            }

            @Override
            public void close() {
                deserializer.close();
            }
        };
    }

    private static <T> T uninterrupted(Supplier<T> call, Duration patience, Listener listener) {
        try {
            return call(call, patience, listener);
        } catch (InterruptedException e) {
            throw new InterruptException(e);
        }
    }
}
