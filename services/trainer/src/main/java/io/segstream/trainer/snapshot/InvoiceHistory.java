package io.segstream.trainer.snapshot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.segstream.avro.InvoiceEvent;
import io.segstream.core.interest.FirstInvoice;
import io.segstream.core.invoice.Invoice;
import io.segstream.platform.mapping.InvoiceMapping;

/**
 * Reads the invoices topic from its beginning to the end offsets seen at the start, keeping the invoices that can
 * describe a customer's interests (a known customer, no cancellation, a sold product). Records that do not decode
 * are skipped and counted: the stream has sent them to the dead letters already.
 */
public final class InvoiceHistory {
    private static final Logger LOG = LoggerFactory.getLogger(InvoiceHistory.class);

    private InvoiceHistory() {
    }

    /**
     * The invoices read, and how many records were skipped.
     *
     * @param invoices the sales with a customer
     * @param records every record read
     * @param undecodable records that did not decode
     */
    public record Read(List<Invoice> invoices, long records, long undecodable) {
    }

    /**
     * Reads the topic.
     *
     * @param kafka Kafka client properties
     * @param topic the invoices topic
     * @param values the deserializer of {@link InvoiceEvent} values
     * @param timeout the longest the read may take
     * @param customers which customers' sales to keep, e.g. those of a sampled snapshot
     * @return the sales read
     */
    public static Read read(Properties kafka, String topic, Deserializer<InvoiceEvent> values, Duration timeout,
            Predicate<String> customers) {
        long started = System.nanoTime();
        List<Invoice> invoices = new ArrayList<>();
        long[] counts = new long[2];
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(SnapshotReader.consumerProperties(kafka),
                new StringDeserializer(), new ByteArrayDeserializer());
        try {
            CompactedTopicReader.read(consumer, topic, timeout, r -> {
                counts[0]++;
                if (r.value() == null) {
                    return;
                }
                Invoice invoice;
                try {
                    invoice = InvoiceMapping.toInvoice(values.deserialize(r.topic(), r.headers(), r.value()));
                } catch (RuntimeException e) {
                    counts[1]++;
                    return;
                }
                if (FirstInvoice.counts(invoice) && customers.test(invoice.customerId())) {
                    invoices.add(invoice);
                }
            });
        } finally {
            SnapshotReader.closeNow(consumer);
        }
        LOG.info("Read {} sales with a customer from {} ({} records, {} undecodable) in {} ms", invoices.size(),
                topic, counts[0], counts[1], (System.nanoTime() - started) / 1_000_000);
        return new Read(invoices, counts[0], counts[1]);
    }
}
