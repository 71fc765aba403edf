package io.segstream.bench;

/**
 * Timings of one stream application run over a backlog of invoices.
 *
 * @param name what the run was (cold, warm 1, ...)
 * @param applicationId its Kafka Streams application id
 * @param invoices invoices processed
 * @param lines invoice lines among them
 * @param startupMillis from start() to the first invoice processed (rebalance, store and global store init)
 * @param processMillis from the first to the last invoice processed
 * @param commitMillis from the last invoice processed to its offsets being committed (visible to read_committed)
 * @param featureRecords records the run added to the features topic (purchases, returns and aging re-emissions;
 *                       transaction markers included, a few per commit)
 */
public record StreamRun(String name, String applicationId, long invoices, long lines, long startupMillis,
                        long processMillis, long commitMillis, long featureRecords) {

    /** Invoices per second between the first and the last processed. */
    public double invoicesPerSecond() {
        return processMillis == 0 ? 0 : invoices * 1000.0 / processMillis;
    }

    /** Lines per second between the first and the last processed invoice. */
    public double linesPerSecond() {
        return processMillis == 0 ? 0 : lines * 1000.0 / processMillis;
    }

    /** Start to committed. */
    public long totalMillis() {
        return startupMillis + processMillis + commitMillis;
    }
}
