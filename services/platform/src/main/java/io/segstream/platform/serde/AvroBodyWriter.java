package io.segstream.platform.serde;

import java.io.IOException;

import org.apache.avro.Schema;
import org.apache.avro.io.Encoder;
import org.apache.avro.specific.SpecificRecord;

/**
 * A hand-written encoder of one generated Avro class, for records written so often that Avro's generic datum writer
 * (schema walk, union resolution, logical-type conversions per field) shows in a profile. It must write exactly the
 * bytes of the datum writer for {@link #schema()}; {@link SpecificAvroSerializer} uses it only for records of that
 * schema.
 *
 * @param <T> the generated Avro class
 */
public interface AvroBodyWriter<T extends SpecificRecord> {

    /** The schema whose binary encoding {@link #write} produces. */
    Schema schema();

    /** Writes {@code record}'s fields in the binary encoding of {@link #schema()}, without the wire-format header. */
    void write(T record, Encoder out) throws IOException;

    /**
     * How one non-null value of a field is written.
     *
     * @param <V> the field's Java type
     */
    @FunctionalInterface
    interface Value<V> {
        void write(Encoder out, V value) throws IOException;
    }

    /**
     * A {@code ["null", X]} union, as Avro's datum writer writes it: branch 0 for null, else branch 1 and the value.
     */
    static <V> void nullable(Encoder out, V value, Value<V> write) throws IOException {
        if (value == null) {
            out.writeIndex(0);
            out.writeNull();
        } else {
            out.writeIndex(1);
            write.write(out, value);
        }
    }
}
