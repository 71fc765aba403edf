package io.segstream.stream.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;

import io.segstream.avro.CustomerAssignment;
import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.FeatureTrigger;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class AssignmentCodecTest {

    private static CustomerFeatures features(String id) {
        return new CustomerFeatures(id, Instant.ofEpochMilli(1_323_000_000_123L),
                Instant.ofEpochMilli(1_291_000_000_000L), Instant.ofEpochMilli(1_322_000_000_000L), 12, 34,
                -1234.5678, 370, 0.1 + 0.2, 4_000, 0, Double.MIN_VALUE, FeatureTrigger.AGING);
    }

    @Test
    void givenFullAndEmptyAssignments_whenRoundTripped_thenEqual() {
        AssignmentCodec codec = new AssignmentCodec();
        var full = new CustomerAssignment(-3, "Lapsed big spenders é", Long.MAX_VALUE, features("12347"));
        var noModel = new CustomerAssignment(null, null, null, features(""));
        assertEquals(full, codec.decode(codec.encode(full)));
        assertEquals(noModel, codec.decode(codec.encode(noModel)));
        assertNull(codec.decode(null));
    }

    @Test
    void givenPlainAvroBytesOfTheEarlierCodec_whenDecoded_thenSameAssignment() throws IOException {
        var a = new CustomerAssignment(2, "Loyal", 7L, features("17850"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new SpecificDatumWriter<>(CustomerAssignment.class).write(a, encoder);
        encoder.flush();
        assertEquals(a, new AssignmentCodec().decode(out.toByteArray()));
    }

    @Test
    void givenTruncatedBytes_whenDecoded_thenRejected() {
        AssignmentCodec codec = new AssignmentCodec();
        byte[] bytes = codec.encode(new CustomerAssignment(1, "x", 1L, features("1")));
        assertThrows(IllegalStateException.class, () -> codec.decode(Arrays.copyOf(bytes, bytes.length - 3)));
    }
}
