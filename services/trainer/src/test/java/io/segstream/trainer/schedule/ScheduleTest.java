package io.segstream.trainer.schedule;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ScheduleTest {

    @Test
    void givenIntervalAndCount_whenEitherIsReached_thenDue() {
        Schedule s = new Schedule(Duration.ofMinutes(10), 100);

        assertFalse(s.due(Duration.ofMinutes(9), 99));
        assertTrue(s.due(Duration.ofMinutes(10), 0));
        assertTrue(s.due(Duration.ofSeconds(1), 100));
    }

    @Test
    void givenOnlyCount_whenTimePasses_thenNotDue() {
        Schedule s = new Schedule(Duration.ZERO, 5);

        assertFalse(s.due(Duration.ofDays(365), 4));
        assertTrue(s.due(Duration.ZERO, 5));
    }

    @Test
    void givenOnlyInterval_whenManyChange_thenNotDue() {
        Schedule s = new Schedule(Duration.ofHours(1), 0);

        assertFalse(s.due(Duration.ofMinutes(59), 1_000_000));
        assertTrue(s.due(Duration.ofHours(2), 0));
    }

    @Test
    void givenStreamInterval_whenHistoryAdvancesEnough_thenDueWhateverTheWallClock() {
        Schedule s = new Schedule(Duration.ZERO, 0, Duration.ofDays(30));

        assertFalse(s.due(Duration.ofDays(365), 1_000_000, Duration.ofDays(29)));
        assertTrue(s.due(Duration.ZERO, 0, Duration.ofDays(30)));
        assertFalse(s.due(Duration.ofDays(365), 1_000_000));
    }

    @Test
    void givenNeitherTrigger_whenCreated_thenRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Schedule(Duration.ZERO, 0));
        assertThrows(IllegalArgumentException.class, () -> new Schedule(Duration.ofSeconds(-1), 5));
        assertThrows(IllegalArgumentException.class, () -> new Schedule(Duration.ZERO, 0, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new Schedule(Duration.ZERO, 0, Duration.ofDays(-1)));
    }
}
