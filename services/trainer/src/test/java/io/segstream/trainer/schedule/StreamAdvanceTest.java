package io.segstream.trainer.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** How far stream time has moved for the trainer's stream-time trigger, before and after a first snapshot. */
class StreamAdvanceTest {

    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long T0 = Instant.parse("2010-12-01T08:26:00Z").toEpochMilli();

    @Test
    void givenNoSnapshotYet_whenFeaturesSpanFortyDays_thenAdvanceCountsFromTheFirstFeature() {
        assertEquals(Duration.ofDays(40), Trainer.streamAdvance(Long.MIN_VALUE, T0, T0 + 40 * DAY));
    }

    @Test
    void givenNonEmptySnapshot_whenFeaturesArrive_thenAdvanceCountsFromTheSnapshot() {
        long snapshot = T0 + 10 * DAY;

        assertEquals(Duration.ofDays(5), Trainer.streamAdvance(snapshot, snapshot + DAY, snapshot + 5 * DAY));
    }

    @Test
    void givenNothingSeen_whenAsked_thenZero() {
        assertEquals(Duration.ZERO, Trainer.streamAdvance(Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE));
        assertEquals(Duration.ZERO, Trainer.streamAdvance(T0, Long.MAX_VALUE, Long.MIN_VALUE));
    }

    @Test
    void givenFeaturesOlderThanTheSnapshot_whenAsked_thenZeroNotNegative() {
        assertEquals(Duration.ZERO, Trainer.streamAdvance(T0 + DAY, T0, T0));
    }

    @Test
    void givenEmptyFirstSnapshot_whenThirtyDaysOfFeaturesFollow_thenTheDemoScheduleIsDue() {
        Schedule demo = new Schedule(Duration.ofMinutes(2), 0, Duration.ofDays(30));

        Duration advance = Trainer.streamAdvance(Long.MIN_VALUE, T0, T0 + 30 * DAY);

        assertEquals(true, demo.due(Duration.ofSeconds(5), 0, advance));
    }
}
