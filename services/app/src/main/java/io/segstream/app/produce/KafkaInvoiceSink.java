package io.segstream.app.produce;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.segstream.core.invoice.Invoice;
import io.segstream.platform.topics.EventHeaders;
import io.segstream.platform.mapping.InvoiceMapping;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes invoices to one topic: key = customer id ({@code ""} when unknown, see {@link InvoiceMapping#key}),
 * record timestamp = invoice time, value = the encoder's bytes, header {@link EventHeaders#SENT_AT} = wall-clock send
 * time. Delivery failures are counted and the first is
 * kept; {@link #close()} reports them, so no invoice is lost silently.
 */
public final class KafkaInvoiceSink implements InvoiceSink {

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final Function<Invoice, byte[]> encoder;
    private final String format;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

    /**
     * @param producerProperties complete producer settings, see {@link ProducerSettings}
     * @param topic topic to write to
     * @param encoder value bytes of an invoice (Avro in the Confluent wire format, or JSON)
     * @param format name of the value format, for the summary
     */
    public KafkaInvoiceSink(Properties producerProperties, String topic, Function<Invoice, byte[]> encoder,
                            String format) {
        this(new KafkaProducer<>(producerProperties), topic, encoder, format);
    }

    KafkaInvoiceSink(Producer<String, byte[]> producer, String topic, Function<Invoice, byte[]> encoder,
                     String format) {
        this.producer = producer;
        this.topic = topic;
        this.encoder = encoder;
        this.format = format;
    }

    @Override
    public void send(Invoice invoice) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, invoice.invoiceTimeMillis(),
                InvoiceMapping.key(invoice), encoder.apply(invoice));
        record.headers().add(EventHeaders.SENT_AT,
                Long.toString(System.currentTimeMillis()).getBytes(StandardCharsets.US_ASCII));
        producer.send(record, (metadata, exception) -> {
            if (exception == null) {
                acknowledged.incrementAndGet();
            } else {
                failed.incrementAndGet();
                firstFailure.compareAndSet(null, exception);
            }
        });
    }

    @Override
    public long acknowledged() {
        return acknowledged.get();
    }

    @Override
    public String describe() {
        return topic + " (" + format + ")";
    }

    @Override
    public void close() {
        try {
            producer.flush();
        } finally {
            producer.close(Duration.ofSeconds(30));
        }
        if (failed.get() > 0) {
            Exception first = firstFailure.get();
            throw new PublishException(String.format("%,d invoices could not be delivered to %s; first error: %s",
                    failed.get(), topic, first.getMessage()), first);
        }
    }
}
