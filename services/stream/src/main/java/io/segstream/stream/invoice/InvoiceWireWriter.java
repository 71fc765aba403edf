package io.segstream.stream.invoice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import io.segstream.avro.InvoiceEvent;
import io.segstream.core.invoice.Invoice;
import io.segstream.core.invoice.InvoiceLine;
import io.segstream.platform.mapping.InvoiceMapping;
import io.segstream.platform.serde.AvroBodyWriter;
import io.segstream.platform.serde.ByteSink;
import io.segstream.platform.serde.RegistryRetry;
import io.segstream.platform.serde.SpecificAvroSerializer;
import io.segstream.platform.serde.WireFormat;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producers' fast path, the mirror of {@link InvoiceWireReader}: a core {@link Invoice} written straight in the
 * Confluent wire format with the {@code InvoiceEvent} schema, byte for byte what {@link InvoiceMapping#toEvent} and
 * the Avro serializer produce (tested over every invoice of Online Retail), without building the Avro objects and
 * their {@code BigDecimal} prices. The schema id is the serializer's, registered or looked up on first use. Not
 * thread-safe.
 */
public final class InvoiceWireWriter {

    private static final Logger LOG = LoggerFactory.getLogger(InvoiceWireWriter.class);

    private final SpecificAvroSerializer<InvoiceEvent> serializer;
    private final String topic;
    private final ByteSink out = new ByteSink();
    private final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    private final byte[] decimal = new byte[8];
    private byte[] header;

    /**
     * @param serializer the serializer whose schema id to use
     * @param topic the topic the records go to (its value subject names the schema)
     */
    public InvoiceWireWriter(SpecificAvroSerializer<InvoiceEvent> serializer, String topic) {
        this.serializer = serializer;
        this.topic = topic;
    }

    /** How long the first write waits for an unreachable registry before it fails. */
    static final Duration REGISTRY_PATIENCE = Duration.ofSeconds(30);

    /** Largest unscaled value of a decimal(18, 4): 18 nines. */
    private static final long MAX_UNSCALED = 999_999_999_999_999_999L;

    /** The schema id, registered or looked up once; a registry outage is waited out up to the patience. */
    private int schemaId() {
        try {
            return RegistryRetry.call(() -> serializer.schemaIdFor(topic, InvoiceEvent.getClassSchema()),
                    REGISTRY_PATIENCE, (failure, backoff) -> LOG.warn("Schema registry unavailable ({}); retrying in"
                            + " {} ms", failure.getMessage(), backoff));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SerializationException("Interrupted while waiting for the schema registry", e);
        }
    }

    /**
     * The framed record of one invoice.
     *
     * @throws SerializationException for a price beyond the schema's 18 digits, as the Avro serializer would
     */
    public byte[] write(Invoice invoice) {
        if (header == null) {
            header = WireFormat.header(schemaId());
        }
        out.reset();
        out.write(header, 0, header.length);
        try {
            // Field order of InvoiceEvent.avsc and InvoiceLine.avsc.
            encoder.writeString(invoice.invoiceNo());
            AvroBodyWriter.nullable(encoder, invoice.customerId(), Encoder::writeString);
            AvroBodyWriter.nullable(encoder, invoice.country(), Encoder::writeString);
            encoder.writeLong(invoice.invoiceTimeMillis());
            encoder.writeArrayStart();
            encoder.setItemCount(invoice.lines().size());
            for (InvoiceLine line : invoice.lines()) {
                if (line.unitPriceE4() > MAX_UNSCALED || line.unitPriceE4() < -MAX_UNSCALED) {
                    throw new SerializationException("Cannot encode io.segstream.avro.InvoiceEvent for topic '"
                            + topic + "': unit price E4 " + line.unitPriceE4() + " of " + line.stockCode()
                            + " has more than the schema's 18 digits");
                }
                encoder.startItem();
                encoder.writeString(line.stockCode());
                AvroBodyWriter.nullable(encoder, line.description(), Encoder::writeString);
                encoder.writeInt(line.quantity());
                writeDecimal(line.unitPriceE4());
            }
            encoder.writeArrayEnd();
            encoder.writeString(invoice.source());
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A decimal(18, 4): the unscaled value is the E4 price, as the shortest big-endian two's complement, which is
     * what {@code BigInteger.toByteArray} and so Avro's decimal conversion write.
     */
    private void writeDecimal(long unscaled) throws IOException {
        int length = 1;
        while (length < 8 && (unscaled >> (8 * length - 1)) != 0 && (unscaled >> (8 * length - 1)) != -1) {
            length++;
        }
        for (int i = 0; i < length; i++) {
            decimal[i] = (byte) (unscaled >> (8 * (length - 1 - i)));
        }
        encoder.writeBytes(decimal, 0, length);
    }
}
