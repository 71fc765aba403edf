package io.segstream.platform.mapping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.IntFunction;

import io.segstream.platform.serde.AvroBodyWriter;
import io.segstream.platform.serde.AvroSerdeConfig;
import io.segstream.platform.serde.SpecificAvroSerde;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/** The two encodings the hand-written writers' tests compare, bare and framed by the serializer. */
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

    /**
     * Serializes records {@code 0..count-1} of {@code records} to {@code topic} with the library's serializer and with
     * one using {@code writer}, against the registry at {@code registryUrl}, and asserts the same framed bytes.
     */
    static <T extends SpecificRecord> void assertSameFramedBytes(Class<T> type, AvroBodyWriter<T> writer,
                                                                 String registryUrl, String topic, int count,
                                                                 IntFunction<T> records) {
        AvroSerdeConfig config = AvroSerdeConfig.forValues(registryUrl);
        try (var library = SpecificAvroSerde.create(type, config);
             var handWritten = SpecificAvroSerde.create(type, config, writer)) {
            for (int i = 0; i < count; i++) {
                T record = records.apply(i);

                assertArrayEquals(library.serializer().serialize(topic, record),
                        handWritten.serializer().serialize(topic, record), record.toString());
            }
        }
    }
}
