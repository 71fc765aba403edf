package io.segstream.bench;

import java.util.Arrays;

/** A growable array of latency samples, confined to the thread that records them. */
public final class LatencyRecorder {

    private long[] values = new long[1024];
    private int size;

    /** Adds one sample. */
    public void record(long millis) {
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[size++] = millis;
    }

    /** Number of samples recorded. */
    public int size() {
        return size;
    }

    /** The summary of the samples; the recorder may be reused afterwards only after {@link #clear()}. */
    public LatencySummary summary() {
        return LatencySummary.of(values, size);
    }

    /** Forgets all samples. */
    public void clear() {
        size = 0;
    }
}
