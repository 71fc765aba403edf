package io.segstream.platform.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class ByteSinkTest {

    @Test
    void givenBytesBeyondTheInitialSize_whenWritten_thenAllKeptInOrder() {
        ByteSink sink = new ByteSink();
        byte[] expected = new byte[100_000];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (byte) (i * 31);
        }
        for (int i = 0; i < 1_000; i++) {
            sink.write(expected[i]);
        }
        sink.write(expected, 1_000, 60_000);
        sink.write(expected, 61_000, expected.length - 61_000);

        assertArrayEquals(expected, sink.toByteArray());
    }

    @Test
    void givenAReset_whenWrittenAgain_thenOnlyTheNewBytes() {
        ByteSink sink = new ByteSink();
        sink.write(new byte[200_000], 0, 200_000);
        sink.reset();
        sink.write(7);
        sink.write(new byte[] {1, 2, 3}, 1, 2);

        assertArrayEquals(new byte[] {7, 2, 3}, sink.toByteArray());
        sink.reset();
        assertEquals(0, sink.toByteArray().length);
        assertEquals("[]", Arrays.toString(sink.toByteArray()));
    }
}
