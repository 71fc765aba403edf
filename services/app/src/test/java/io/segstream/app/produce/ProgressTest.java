package io.segstream.app.produce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void givenQuarterDoneAfterTenSeconds_whenFormatted_thenRateAndThirtySecondEta() {
        assertEquals("produce: 135,000 rows, 6,500 invoices, 650 invoices/s, 25%, ETA 30 s",
                Progress.line(135_000, 6_500, 10_000_000_000L, OptionalDouble.of(0.25)));
    }

    @Test
    void givenUnknownTotal_whenFormatted_thenNoEta() {
        assertEquals("produce: 10 rows, 2 invoices, 1 invoices/s",
                Progress.line(10, 2, 2_000_000_000L, OptionalDouble.empty()));
    }

    @Test
    void givenLongEta_whenFormatted_thenMinutesAndSeconds() {
        assertEquals("2:05 min", Progress.duration(125));
    }
}
