package io.segstream.trainer.schedule;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.segstream.trainer.cycle.CycleResult;
import io.segstream.trainer.cycle.TrainingCycle;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer service: a refit at start, then one whenever the {@link Schedule} says so or {@link #refitNow()} asks,
 * until {@link #stop()}. A cycle that fails (broker or registry down) is logged and retried at the next due time; a
 * refused model keeps the previous one. Runs on the caller's thread.
 *
 * <p>Stream time advances from the last non-empty snapshot; until there is one (the trainer started before any
 * features, or only saw an empty topic), from the first features seen since, so an early empty snapshot never
 * leaves the stream-time trigger waiting for the wall clock.
 */
public final class Trainer implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final TrainingCycle cycle;
    private final Schedule schedule;
    private final Properties kafka;
    private final String featuresTopic;
    private final Duration timeout;
    private final Consumer<CycleResult> listener;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile ChangeCounter counter;
    private final AtomicReference<CompletableFuture<CycleResult>> requested = new AtomicReference<>();
    private long lastSnapshotTime = Long.MIN_VALUE;

    /**
     * @param cycle what each refit does; not closed by the trainer
     * @param schedule when to refit
     * @param kafka Kafka client properties for the change counter
     * @param featuresTopic the features topic
     * @param timeout how long metadata lookups may take
     * @param listener told about every completed cycle, e.g. to print it
     */
    public Trainer(TrainingCycle cycle, Schedule schedule, Properties kafka, String featuresTopic, Duration timeout,
            Consumer<CycleResult> listener) {
        this.cycle = cycle;
        this.schedule = schedule;
        this.kafka = kafka;
        this.featuresTopic = featuresTopic;
        this.timeout = timeout;
        this.listener = listener;
    }

    @Override
    public void run() {
        try (ChangeCounter changes = new ChangeCounter(kafka, featuresTopic, schedule.changedCustomers(), timeout)) {
            counter = changes;
            long lastStart = System.nanoTime();
            boolean due = true;
            while (running) {
                if (due) {
                    lastStart = System.nanoTime();
                    runCycle(changes);
                }
                if (!running) {
                    break;
                }
                try {
                    long count = changes.poll(POLL);
                    Duration advance = streamAdvance(lastSnapshotTime, changes.oldestTimestamp(),
                            changes.newestTimestamp());
                    due = requested.get() != null
                            || schedule.due(Duration.ofNanos(System.nanoTime() - lastStart), count, advance);
                } catch (WakeupException e) {
                    // stop() ends the run through the loop condition; refitNow() makes the next pass due.
                    due = requested.get() != null;
                }
            }
        } finally {
            CompletableFuture<CycleResult> waiting = requested.getAndSet(null);
            if (waiting != null) {
                waiting.cancel(false);
            }
            stopped.countDown();
            LOG.info("Trainer stopped: {} published, {} refused, {} failed", cycle.stats().published(),
                    cycle.stats().refused(), cycle.stats().failed());
        }
    }

    /**
     * How far the features' stream time has moved since the last refit: from the last non-empty snapshot, or, before
     * there is one, from the oldest features seen since counting began.
     *
     * @param lastSnapshot stream time of the last non-empty snapshot, {@code Long.MIN_VALUE} when none
     * @param oldest       oldest features timestamp seen since the last snapshot, {@code Long.MAX_VALUE} when none
     * @param newest       newest features timestamp seen since the last snapshot, {@code Long.MIN_VALUE} when none
     * @return the advance, zero when nothing was seen
     */
    static Duration streamAdvance(long lastSnapshot, long oldest, long newest) {
        long origin = lastSnapshot != Long.MIN_VALUE ? lastSnapshot : oldest;
        if (newest == Long.MIN_VALUE || origin == Long.MAX_VALUE) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(Math.max(0, newest - origin));
    }

    private void runCycle(ChangeCounter changes) {
        CompletableFuture<CycleResult> waiting = requested.getAndSet(null);
        try {
            CycleResult result = cycle.run();
            changes.reset(result.snapshot().endOffsets());
            if (result.snapshot().size() > 0) {
                lastSnapshotTime = result.snapshot().snapshotTimeMillis();
            }
            listener.accept(result);
            if (waiting != null) {
                waiting.complete(result);
            }
        } catch (RuntimeException e) {
            // Count from where we are: the failed snapshot gives no offsets, and retrying at once would spin.
            changes.reset(Map.of());
            LOG.error("Training cycle failed; retrying at the next due time", e);
            if (waiting != null) {
                waiting.completeExceptionally(e);
            }
        }
    }

    /**
     * Asks for a refit as soon as the current one, if any, is over, whatever the schedule says.
     *
     * @return completes with that refit's result (exceptionally when it fails); requests made before it starts share
     *     one refit
     */
    public CompletableFuture<CycleResult> refitNow() {
        CompletableFuture<CycleResult> future = requested.updateAndGet(f -> f != null ? f : new CompletableFuture<>());
        ChangeCounter c = counter;
        if (c != null) {
            c.wakeup();
        }
        return future;
    }

    /** Asks the loop to end after the current cycle; returns at once. */
    public void stop() {
        running = false;
        ChangeCounter c = counter;
        if (c != null) {
            c.wakeup();
        }
    }

    /**
     * Waits for the loop to end.
     *
     * @param timeout the longest to wait
     * @return whether it ended
     */
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
