package io.segstream.stream.scoring;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import io.segstream.avro.CustomerAssignment;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Plain Avro binary for the assignment store (no registry: the store is private to the application). Reuses its
 * buffers, so one instance per task or request.
 */
public final class AssignmentCodec {

    private final SpecificDatumWriter<CustomerAssignment> writer =
            new SpecificDatumWriter<>(CustomerAssignment.class);
    private final SpecificDatumReader<CustomerAssignment> reader =
            new SpecificDatumReader<>(CustomerAssignment.class);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    private BinaryEncoder encoder;
    private BinaryDecoder decoder;

    /** The store bytes of an assignment. */
    public byte[] encode(CustomerAssignment assignment) {
        out.reset();
        encoder = EncoderFactory.get().directBinaryEncoder(out, encoder);
        try {
            writer.write(assignment, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The assignment of store bytes; null for null. */
    public CustomerAssignment decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        decoder = DecoderFactory.get().binaryDecoder(bytes, decoder);
        try {
            return reader.read(null, decoder);
        } catch (IOException e) {
            throw new UncheckedIOException("Corrupt assignment in the state store", e);
        }
    }
}
