package io.segstream.stream.validation;

import java.nio.ByteBuffer;
import java.util.function.LongSupplier;

import io.segstream.avro.InvoiceEvent;
import io.segstream.core.features.VarInts;
import io.segstream.platform.serde.SpecificAvroDeserializer;
import io.segstream.platform.serde.WireFormat;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * The time Kafka Streams orders and punctuates the invoice topics by: the invoice's own {@code invoiceTime}, read
 * from the body, never the record's timestamp. So stream time is not a producer's to move: a record stamped in the
 * year 2100 (accepted by every broker before Kafka 4.0 unless {@code log.message.timestamp.after.max.ms} is set)
 * moves it no more than its body does, and invoice topics retained by arrival ({@code LogAppendTime}) still replay
 * years of history at the invoices' times.
 *
 * <p>A body time counts only inside the plausible window of {@link InvoiceBounds} (not before
 * {@code segstream.intake.min-time}, not after this machine's clock plus {@code segstream.intake.max-future}), so
 * stream time can never pass the wall clock plus the skew. A record whose body has no such time (undecodable, out of
 * the window) keeps the partition's time; the intake then dead-letters it with its reason. Only the time is read
 * here, by skipping the fields before it; the intake decodes and checks the whole invoice, so a record whose time is
 * plausible but whose other fields are not moves stream time at most to the wall clock plus the skew.
 *
 * <p>Never throws and never returns a negative time (which Kafka Streams would answer by dropping the record
 * without a dead letter). Thread-safe: one instance serves every task.
 */
public final class InvoiceTimeExtractor implements TimestampExtractor {

    /** How a topic's values carry their time. */
    public enum Body {
        /** {@code InvoiceEvent} in the Confluent wire format. */
        AVRO_INVOICE,
        /** The JSON invoice contract. */
        JSON_INVOICE,
        /** JSON of the user's own shape, its time where the mapping points. */
        MAPPED_JSON,
        /** No time in the body (erasure requests): the record's timestamp, capped to the window. */
        NONE
    }

    private final Body body;
    private final InvoiceBounds bounds;
    private final LongSupplier wallClock;
    private final SpecificAvroDeserializer<InvoiceEvent> avro;
    private final MappedJsonDecoder mapped;

    /**
     * @param avro decoder asked for invoices of another schema version than this build's (only for
     *             {@link Body#AVRO_INVOICE}; null otherwise, or to read only this build's schema)
     */
    public InvoiceTimeExtractor(Body body, InvoiceBounds bounds, LongSupplier wallClock,
                                SpecificAvroDeserializer<InvoiceEvent> avro) {
        this.body = body;
        this.bounds = bounds;
        this.wallClock = wallClock;
        this.avro = avro;
        this.mapped = null;
    }

    /** The time of invoices in JSON of the user's own shape, read where {@code mapped}'s mapping points. */
    public InvoiceTimeExtractor(MappedJsonDecoder mapped, InvoiceBounds bounds, LongSupplier wallClock) {
        this.body = Body.MAPPED_JSON;
        this.bounds = bounds;
        this.wallClock = wallClock;
        this.avro = null;
        this.mapped = mapped;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        long time = switch (body) {
            case AVRO_INVOICE -> avroTime(record.topic(), (byte[]) record.value());
            case JSON_INVOICE -> JsonInvoiceDecoder.invoiceTimeOf((byte[]) record.value());
            case MAPPED_JSON -> mapped.invoiceTimeOf((byte[]) record.value());
            case NONE -> record.timestamp();
        };
        long now = wallClock.getAsLong();
        if (body == Body.NONE && time > bounds.latestAt(now)) {
            return bounds.latestAt(now);
        }
        return bounds.plausible(time, now) && time >= 0 ? time : Math.max(partitionTime, 0L);
    }

    /** The invoice time of an Avro invoice, or {@code Long.MIN_VALUE} when the body does not give one. */
    private long avroTime(String topic, byte[] data) {
        if (data == null || data.length <= WireFormat.HEADER_SIZE || data[0] != WireFormat.MAGIC_BYTE) {
            return Long.MIN_VALUE;
        }
        int schemaId = ByteBuffer.wrap(data, 1, Integer.BYTES).getInt();
        try {
            if (avro == null || avro.writtenWithReaderSchema(schemaId)) {
                return readerSchemaTime(data);
            }
            InvoiceEvent event = avro.deserialize(topic, data);
            return event == null ? Long.MIN_VALUE : event.getInvoiceTime().toEpochMilli();
        } catch (RuntimeException e) {
            // Undecodable, unknown schema, registry down, a time beyond a long: the intake says which.
            return Long.MIN_VALUE;
        }
    }

    /**
     * The {@code invoiceTime} of a record written with this build's schema: it follows {@code invoiceNo} (a string)
     * and two {@code ["null", "string"]} unions (InvoiceEvent.avsc), which are skipped without decoding them. A body
     * that ends early throws ({@link java.nio.BufferUnderflowException}, {@link IllegalArgumentException}).
     */
    static long readerSchemaTime(byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(data).position(WireFormat.HEADER_SIZE);
        skip(in, VarInts.readSigned(in));
        for (int union = 0; union < 2; union++) {
            long branch = VarInts.readSigned(in);
            if (branch == 1) {
                skip(in, VarInts.readSigned(in));
            } else if (branch != 0) {
                return Long.MIN_VALUE;
            }
        }
        return VarInts.readSigned(in);
    }

    private static void skip(ByteBuffer in, long length) {
        if (length < 0 || length > in.remaining()) {
            throw new IllegalStateException("length " + length + " beyond the " + in.remaining() + " bytes left");
        }
        in.position(in.position() + (int) length);
    }
}
