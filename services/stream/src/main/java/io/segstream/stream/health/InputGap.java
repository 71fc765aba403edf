package io.segstream.stream.health;

/**
 * Input records deleted (by retention or {@code deleteRecords}) before this application processed them: offsets
 * {@code firstLost..lastLost} of one partition.
 *
 * @param topic     source topic
 * @param partition partition
 * @param firstLost the position the consumer was at (the first offset never processed)
 * @param lastLost  the offset before the partition's log start
 */
public record InputGap(String topic, int partition, long firstLost, long lastLost) {

    /** Validates the range. */
    public InputGap {
        if (firstLost < 0 || lastLost < firstLost) {
            throw new IllegalArgumentException("not a range of lost offsets: " + firstLost + ".." + lastLost);
        }
    }

    /** Number of offsets lost (transaction markers among them are counted too: they occupy offsets). */
    public long records() {
        return lastLost - firstLost + 1;
    }

    @Override
    public String toString() {
        return topic + " partition " + partition + " offsets " + firstLost + ".." + lastLost + " (" + records()
                + " records)";
    }
}
