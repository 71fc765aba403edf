package io.segstream.stream.invoice;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import io.segstream.avro.InvoiceEvent;
import io.segstream.core.invoice.Invoice;
import io.segstream.core.invoice.InvoiceLine;
import io.segstream.platform.mapping.InvoiceMapping;
import io.segstream.platform.serde.SpecificAvroDeserializer;
import io.segstream.platform.serde.WireFormat;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * The stream's fast path for Avro invoices: a record written with exactly the {@code InvoiceEvent} schema this
 * build knows (the common case) is read field by field straight into the core {@link Invoice}, without the Avro
 * object graph, {@code BigDecimal} prices or a second copy of every line. Anything else (another schema version,
 * a price beyond 64 bits, malformed bytes) is left to the general path, {@link SpecificAvroDeserializer} with
 * schema resolution and {@link InvoiceMapping#toInvoice}, which also classifies what is wrong for the dead letters;
 * both paths give equal invoices (tested over every invoice of Online Retail). Written by hand because Avro has no
 * decoder into foreign classes. One per stream task: not thread-safe.
 */
public final class InvoiceWireReader {

    private final SpecificAvroDeserializer<InvoiceEvent> deserializer;
    private final byte[] price = new byte[8];
    private BinaryDecoder decoder;

    /** @param deserializer the general path, asked which schema ids are exactly {@code InvoiceEvent}'s */
    public InvoiceWireReader(SpecificAvroDeserializer<InvoiceEvent> deserializer) {
        this.deserializer = deserializer;
    }

    /**
     * The invoice of one framed record, or {@code null} when the record is for the general path.
     *
     * @param data the record value in the Confluent wire format
     */
    public Invoice read(byte[] data) {
        if (data == null || data.length <= WireFormat.HEADER_SIZE || data[0] != WireFormat.MAGIC_BYTE) {
            return null;
        }
        int schemaId = ByteBuffer.wrap(data, 1, Integer.BYTES).getInt();
        if (!deserializer.writtenWithReaderSchema(schemaId)) {
            return null;
        }
        try {
            decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_SIZE,
                    data.length - WireFormat.HEADER_SIZE, decoder);
            // Field order of InvoiceEvent.avsc and InvoiceLine.avsc.
            String invoiceNo = decoder.readString();
            String customerId = optionalString();
            String country = optionalString();
            long invoiceTime = decoder.readLong();
            List<InvoiceLine> lines = new ArrayList<>();
            for (long block = decoder.readArrayStart(); block != 0; block = decoder.arrayNext()) {
                for (long i = 0; i < block; i++) {
                    String stockCode = decoder.readString();
                    String description = optionalString();
                    int quantity = decoder.readInt();
                    long priceE4 = priceE4();
                    if (priceE4 == Long.MIN_VALUE) {
                        return null;
                    }
                    lines.add(new InvoiceLine(stockCode, description, quantity, priceE4));
                }
            }
            String source = decoder.readString();
            return decoder.isEnd() ? new Invoice(invoiceNo, customerId, country, invoiceTime, lines, source) : null;
        } catch (IOException | RuntimeException e) {
            // Malformed: the general path decodes it again and says why.
            return null;
        }
    }

    /** A {@code ["null", "string"]} union. */
    private String optionalString() throws IOException {
        int branch = decoder.readIndex();
        if (branch == 0) {
            decoder.readNull();
            return null;
        }
        if (branch != 1) {
            throw new IOException("union branch " + branch + " of [null, string]");
        }
        return decoder.readString();
    }

    /**
     * A decimal(18, 4): big-endian two's complement of the unscaled value, which is the price in E4 units;
     * {@code Long.MIN_VALUE} when it does not fit in 64 bits or is empty (the general path then judges it).
     */
    private long priceE4() throws IOException {
        int length = (int) Math.min(Integer.MAX_VALUE, decoder.readLong());
        if (length < 1 || length > 8) {
            return Long.MIN_VALUE;
        }
        decoder.readFixed(price, 0, length);
        long value = price[0] < 0 ? -1L : 0L;
        for (int i = 0; i < length; i++) {
            value = (value << 8) | (price[i] & 0xFF);
        }
        return value;
    }
}
