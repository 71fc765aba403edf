package io.segstream.stream.health;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * What makes a running instance unhealthy although Kafka Streams says RUNNING: stream threads failing and being
 * replaced over and over, the same input record failing repeatedly, and input deleted before it was processed. Counts
 * for the metrics; {@link #problems()} for {@code /health}. Thread-safe: stream threads report, the API and the
 * scrape read.
 */
public final class StreamHealth {

    private final HealthLimits limits;
    private final LongSupplier clock;
    private final LongAdder replacements = new LongAdder();
    private final LongAdder recordFailures = new LongAdder();
    private final Map<String, LongAdder> lostRecords = new ConcurrentHashMap<>();
    private final Deque<Long> recentReplacements = new ArrayDeque<>();
    private final Map<RecordPosition, Deque<Long>> recentRecordFailures = new HashMap<>();
    private final Deque<Stamped<InputGap>> recentGaps = new ArrayDeque<>();

    /** Health under {@code limits}, on the wall clock. */
    public StreamHealth(HealthLimits limits) {
        this(limits, System::currentTimeMillis);
    }

    StreamHealth(HealthLimits limits, LongSupplier clockMillis) {
        this.limits = limits;
        this.clock = clockMillis;
    }

    /**
     * A stream thread failed with {@code failure} and is being replaced.
     *
     * @return the record it failed on, when Kafka Streams named one
     */
    public synchronized Optional<RecordPosition> threadReplaced(Throwable failure) {
        long now = clock.getAsLong();
        replacements.increment();
        recentReplacements.addLast(now);
        Optional<RecordPosition> position = RecordPosition.of(failure);
        position.ifPresent(p -> {
            recordFailures.increment();
            recentRecordFailures.computeIfAbsent(p, k -> new ArrayDeque<>()).addLast(now);
        });
        return position;
    }

    /** Input records were deleted before they were processed. */
    public synchronized void inputLost(InputGap gap) {
        lostRecords.computeIfAbsent(gap.topic(), t -> new LongAdder()).add(gap.records());
        recentGaps.addLast(new Stamped<>(clock.getAsLong(), gap));
    }

    /** Stream threads replaced since start. */
    public long threadReplacements() {
        return replacements.sum();
    }

    /** Thread failures that named the input record they failed on, since start. */
    public long recordFailures() {
        return recordFailures.sum();
    }

    /** Records of {@code topic} deleted before they were processed, since start. */
    public long lostRecords(String topic) {
        LongAdder n = lostRecords.get(topic);
        return n == null ? 0 : n.sum();
    }

    /** Why the instance is unhealthy now, one sentence each; empty when healthy. */
    public synchronized List<String> problems() {
        long since = clock.getAsLong() - limits.window().toMillis();
        List<String> problems = new ArrayList<>();
        dropBefore(recentReplacements, since);
        if (recentReplacements.size() > limits.maxThreadReplacements()) {
            problems.add("stream threads replaced " + recentReplacements.size() + " times in the last "
                    + limits.window() + " (limit " + limits.maxThreadReplacements() + ")");
        }
        for (Iterator<Map.Entry<RecordPosition, Deque<Long>>> it = recentRecordFailures.entrySet().iterator();
             it.hasNext();) {
            Map.Entry<RecordPosition, Deque<Long>> e = it.next();
            dropBefore(e.getValue(), since);
            if (e.getValue().isEmpty()) {
                it.remove();
            } else if (e.getValue().size() >= limits.maxRecordFailures()) {
                problems.add("the same record failed " + e.getValue().size() + " times in the last "
                        + limits.window() + ": " + e.getKey());
            }
        }
        recentGaps.removeIf(g -> g.at() < since);
        recentGaps.forEach(g -> problems.add("input lost before processing: " + g.value()));
        return problems;
    }

    private static void dropBefore(Deque<Long> times, long since) {
        while (!times.isEmpty() && times.peekFirst() < since) {
            times.removeFirst();
        }
    }

    private record Stamped<T>(long at, T value) {
    }
}
