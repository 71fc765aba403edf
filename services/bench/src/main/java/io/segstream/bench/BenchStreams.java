package io.segstream.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.segstream.platform.config.SegstreamConfig;
import io.segstream.devstack.FreePorts;
import io.segstream.devstack.KafkaProbe;
import io.segstream.stream.runtime.StreamApp;
import org.apache.kafka.common.TopicPartition;

/** Starting stream applications on fresh ids and timing how they work through a backlog. */
final class BenchStreams {

    private BenchStreams() {
    }

    /** {@code base} with a fresh application id, state directory and query port. */
    static SegstreamConfig fresh(SegstreamConfig base, String applicationId, Path workDir) {
        try {
            Path state = Files.createDirectories(workDir.resolve("state-" + applicationId));
            return base.with(SegstreamConfig.APPLICATION_ID, applicationId)
                    .with(SegstreamConfig.STATE_DIR, state.toString())
                    .with(SegstreamConfig.API_PORT, String.valueOf(FreePorts.pick()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts the app and times it until {@code invoices} inputs are processed and their offsets committed.
     * The caller closes the returned app.
     */
    static Timed start(String name, SegstreamConfig config, long invoices, long lines, KafkaProbe probe,
                       Map<TopicPartition, Long> end, Duration timeout) throws InterruptedException {
        String featuresTopic = config.topics().features().name();
        long features0 = sum(probe.endOffsets(featuresTopic));
        long t0 = System.nanoTime();
        StreamApp app = StreamApp.start(config);
        try {
            long deadline = t0 + timeout.toNanos();
            awaitOrFail(() -> app.counters().inputs() > 0, deadline, name + ": no invoice processed");
            long first = System.nanoTime();
            awaitOrFail(() -> app.counters().inputs() >= invoices, deadline, name + ": processed only "
                    + app.counters().inputs() + " of " + invoices);
            long last = System.nanoTime();
            String appId = config.require(SegstreamConfig.APPLICATION_ID);
            awaitOrFail(() -> probe.committedUpTo(appId, end), deadline, name + ": offsets not committed");
            long committed = System.nanoTime();
            long features = sum(probe.endOffsets(featuresTopic)) - features0;
            return new Timed(app, new StreamRun(name, appId, invoices, lines, millis(first - t0),
                    millis(last - first), millis(committed - last), features));
        } catch (RuntimeException | InterruptedException e) {
            app.close();
            throw e;
        }
    }

    /** Polls {@code condition} every millisecond until it holds. */
    static void awaitOrFail(BooleanSupplier condition, long deadlineNanos, String failure)
            throws InterruptedException {
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadlineNanos) {
                throw new IllegalStateException(failure);
            }
            Thread.sleep(1);
        }
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    static long millis(long nanos) {
        return Math.round(nanos / 1e6);
    }

    /** A running app and the timings of its backlog. */
    record Timed(StreamApp app, StreamRun run) {
    }
}
