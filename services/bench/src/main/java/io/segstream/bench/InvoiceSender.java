package io.segstream.bench;

import java.util.Properties;

import io.segstream.app.produce.KafkaInvoiceSink;
import io.segstream.app.produce.ProducerSettings;
import io.segstream.avro.InvoiceEvent;
import io.segstream.core.invoice.Invoice;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.platform.serde.AvroSerdeConfig;
import io.segstream.platform.serde.SpecificAvroSerde;
import io.segstream.stream.invoice.InvoiceWireWriter;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Sends generated invoices to the invoices topic as Avro, the way {@code segstream produce} does. */
final class InvoiceSender implements AutoCloseable {

    private final SpecificAvroSerde<InvoiceEvent> serde;
    private final KafkaInvoiceSink sink;
    private final boolean stampNow;
    private long sent;

    /**
     * @param stampNow send every invoice with the current wall time as its invoice time: live traffic carries the
     *     current time, so stream time follows the wall clock and the daily aging pass does not fire during a run,
     *     as it would when years of generated history were squeezed into seconds; false keeps the generated times
     */
    InvoiceSender(SegstreamConfig config, String topic, boolean stampNow) {
        this.stampNow = stampNow;
        serde = SpecificAvroSerde.create(InvoiceEvent.class,
                AvroSerdeConfig.forValues(config.registryOptions()));
        Properties producer = ProducerSettings.from(config);
        if (stampNow && config.get(ProducerConfig.LINGER_MS_CONFIG).isEmpty()) {
            // The replay's 20 ms batching would add up to 20 ms to every latency measured with live traffic.
            producer.setProperty(ProducerConfig.LINGER_MS_CONFIG, "5");
        }
        sink = new KafkaInvoiceSink(producer, topic,
                new InvoiceWireWriter(serde.serializer(), topic)::write, "avro");
    }

    /** Sends the invoice, stamped with the current time if so configured. */
    void send(Invoice invoice) {
        sink.send(stampNow ? new Invoice(invoice.invoiceNo(), invoice.customerId(), invoice.country(),
                System.currentTimeMillis(), invoice.lines(), invoice.source()) : invoice);
        sent++;
    }

    long sent() {
        return sent;
    }

    /** Flushes and closes: every sent invoice is acknowledged when this returns. */
    @Override
    public void close() {
        try {
            sink.close();
        } finally {
            serde.close();
        }
    }
}
