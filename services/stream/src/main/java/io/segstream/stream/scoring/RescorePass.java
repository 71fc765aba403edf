package io.segstream.stream.scoring;

import java.util.function.BiConsumer;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The pass over every customer of a task after a model update, in bounded chunks so that processing never stalls.
 * Progress lives in the task's meta store (changelogged): the version fully re-scored, and the cursor of a partial
 * pass, which belongs to one model version, so a newer model mid-pass restarts from the first key. A restarted task
 * resumes where the pass stopped.
 */
final class RescorePass {

    static final String RESCORED_VERSION = "rescored-version";
    static final String CURSOR = "cursor";

    private final KeyValueStore<String, String> meta;
    private final KeyValueStore<String, byte[]> customers;
    private final int chunk;

    /**
     * @param meta      the task's progress store
     * @param customers the task's customers (their stored records)
     * @param chunk     customers visited per step, at least 1
     */
    RescorePass(KeyValueStore<String, String> meta, KeyValueStore<String, byte[]> customers, int chunk) {
        this.meta = meta;
        this.customers = customers;
        this.chunk = chunk;
    }

    /** Whether every customer of the task was visited for {@code version}. */
    boolean done(long version) {
        String done = meta.get(RESCORED_VERSION);
        return done != null && Long.parseLong(done) >= version;
    }

    /**
     * Visits the next chunk of the task's customers for {@code version}, unless the pass is done.
     *
     * @param visit told each customer and its stored record
     * @return whether the pass is now complete
     */
    boolean step(long version, BiConsumer<String, byte[]> visit) {
        if (done(version)) {
            return true;
        }
        String stored = meta.get(CURSOR);
        String cursor = null;
        if (stored != null) {
            int bar = stored.indexOf('|');
            cursor = Long.parseLong(stored.substring(0, bar)) == version ? stored.substring(bar + 1) : null;
        }
        int seen = 0;
        String last = null;
        try (KeyValueIterator<String, byte[]> it = cursor == null ? customers.all()
                : customers.range(cursor, null)) {
            while (it.hasNext() && seen < chunk) {
                KeyValue<String, byte[]> entry = it.next();
                last = entry.key;
                seen++;
                visit.accept(entry.key, entry.value);
            }
            if (!it.hasNext()) {
                meta.put(RESCORED_VERSION, Long.toString(version));
                meta.delete(CURSOR);
                return true;
            }
        }
        // Resume after the last key: the smallest string greater than it.
        meta.put(CURSOR, version + "|" + last + '\0');
        return false;
    }
}
