package io.segstream.platform.mapping;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import io.segstream.platform.serde.AvroBodyWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/** The two encodings the hand-written writers' tests compare. */
final class Encodings {

    private Encodings() {
    }

    /** {@code record} encoded by Avro's datum writer with its class's schema and conversions. */
    static <T extends SpecificRecord> byte[] datumWriter(T record) throws IOException {
        var out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new SpecificDatumWriter<T>(record.getSchema(), SpecificData.getForClass(record.getClass()))
                .write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /** {@code record} encoded by {@code writer}. */
    static <T extends SpecificRecord> byte[] handWritten(AvroBodyWriter<T> writer, T record) throws IOException {
        var out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        writer.write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
