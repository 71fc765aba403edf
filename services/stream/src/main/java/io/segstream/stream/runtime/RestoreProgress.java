package io.segstream.stream.runtime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this instance restored from changelogs before its tasks could run: records and wall time over all stores, and
 * one log line per restored store partition. A task taken over from a caught-up standby restores only the records
 * the standby had not applied yet; one without a standby restores its whole changelog. Store partitions with nothing
 * to restore are counted but not logged.
 */
public final class RestoreProgress implements StateRestoreListener {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreProgress.class);

    private final AtomicLong records = new AtomicLong();
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicLong partitions = new AtomicLong();
    private final Map<TopicPartition, Long> started = new ConcurrentHashMap<>();

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        started.put(partition, System.nanoTime());
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long restored) {
        records.addAndGet(restored);
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        finish(partition, store, totalRestored, "restored");
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        finish(partition, store, totalRestored, "suspended after");
    }

    private void finish(TopicPartition partition, String store, long totalRestored, String verb) {
        Long start = started.remove(partition);
        long elapsed = start == null ? 0 : System.nanoTime() - start;
        nanos.addAndGet(elapsed);
        partitions.incrementAndGet();
        if (totalRestored > 0) {
            LOG.info("State store {} partition {} {} {} records in {} ms", store, partition.partition(), verb,
                    totalRestored, elapsed / 1_000_000);
        }
    }

    /** Changelog records restored so far. */
    public long records() {
        return records.get();
    }

    /** Wall time spent restoring so far, summed over store partitions (they restore one after another per thread). */
    public double seconds() {
        return nanos.get() / 1e9;
    }

    /** Store partitions whose restore ended (or was suspended) so far. */
    public long partitions() {
        return partitions.get();
    }
}
