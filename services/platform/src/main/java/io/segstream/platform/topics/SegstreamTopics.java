package io.segstream.platform.topics;

import java.util.List;

/**
 * The topics of one segstream deployment. Names are configurable so several deployments can share a cluster.
 *
 * @param invoices       Avro {@code InvoiceEvent}s, key = customer id
 * @param invoicesJson   JSON invoice events from producers that do not use Avro
 * @param features       compacted {@code CustomerFeatures}, key = customer id
 * @param models         compacted {@code SegmentModel}s, key = model name
 * @param changes        {@code SegmentChange} events, key = customer id: every move of every customer
 * @param segments       compacted {@code CustomerSegment}s, key = customer id: each customer's current segment, a
 *                       tombstone once erased
 * @param deadLetters    {@code DeadLetter} records for inputs the stream could not use
 * @param erasures       compacted {@code ErasureRequest}s, key = customer id, partitioned like the invoices
 */
public record SegstreamTopics(TopicSpec invoices, TopicSpec invoicesJson, TopicSpec features, TopicSpec models,
                              TopicSpec changes, TopicSpec segments, TopicSpec deadLetters, TopicSpec erasures) {

    /**
     * The default names with {@code partitions} partitions for the keyed data topics. Every time-retained topic, the
     * invoice inputs as well as the changes and dead-letter outputs, is stamped by the broker on arrival: their
     * records carry event times (a load of history is years old) that would otherwise let retention delete them as
     * soon as a segment rolls, processed or not; the event time stays in their values ({@code invoiceTime},
     * {@code eventTime}, {@code recordTimestamp}), and the stream takes its time from the invoices' own.
     *
     * @param invoiceRetentionMs    retention of both invoice topics ({@link TopicSpec#FOREVER} for history replays)
     * @param deadLetterRetentionMs retention of the dead letters, which hold the original bytes
     */
    public static SegstreamTopics defaults(int partitions, long invoiceRetentionMs, long deadLetterRetentionMs) {
        return new SegstreamTopics(
                new TopicSpec("invoices", partitions, false, invoiceRetentionMs, true),
                new TopicSpec("invoices-json", partitions, false, invoiceRetentionMs, true),
                new TopicSpec("customer-features", partitions, true),
                new TopicSpec("segment-models", 1, true),
                new TopicSpec("segment-changes", partitions, false, TopicSpec.BROKER_DEFAULT, true),
                new TopicSpec("customer-segments", partitions, true),
                new TopicSpec("dead-letters", 1, false, deadLetterRetentionMs, true),
                new TopicSpec("erasure-requests", partitions, true));
    }

    /** All topics, in creation order. */
    public List<TopicSpec> all() {
        return List.of(invoices, invoicesJson, features, models, changes, segments, deadLetters, erasures);
    }
}
