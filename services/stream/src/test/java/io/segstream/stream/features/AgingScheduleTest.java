package io.segstream.stream.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AgingScheduleTest {

    private static final long DAY = 86_400_000L;
    private static final long NOW = 20_000 * DAY;

    @Test
    void givenLiveStream_whenADayPassed_thenPassDue() {
        AgingSchedule schedule = AgingSchedule.DEFAULT;

        assertTrue(schedule.passDue(NOW - 2 * DAY, NOW - DAY, NOW - 1, NOW));
        assertFalse(schedule.passDue(NOW - DAY, NOW - DAY, Long.MIN_VALUE, NOW));
    }

    @Test
    void givenStreamFarBehindWallClock_whenLessThanAWeekPassed_thenNotDueUntilTheWeekIsFull() {
        AgingSchedule schedule = AgingSchedule.DEFAULT;
        long history = NOW - 3_000 * DAY;

        assertFalse(schedule.passDue(history, history + 6 * DAY, Long.MIN_VALUE, NOW));
        assertTrue(schedule.passDue(history, history + 7 * DAY, Long.MIN_VALUE, NOW));
        assertTrue(schedule.withoutCatchUp().passDue(history, history + DAY, NOW, NOW));
    }

    @Test
    void givenStreamFarBehindWallClock_whenThePreviousPassWasUnderASecondAgo_thenNotDueUntilTheSecondIsOver() {
        AgingSchedule schedule = AgingSchedule.DEFAULT;
        long history = NOW - 3_000 * DAY;

        assertFalse(schedule.passDue(history, history + 30 * DAY, NOW - 999, NOW));
        assertTrue(schedule.passDue(history, history + 30 * DAY, NOW - 1_000, NOW));
        // Live streams are never held back by the pause.
        assertTrue(schedule.passDue(NOW - 2 * DAY, NOW - DAY, NOW - 1, NOW));
    }

    @Test
    void givenCheckpointText_whenParsed_thenDaysOrNoneOrAClearError() {
        assertArrayEquals(new int[] {1, 7, 30}, AgingSchedule.parse("1, 7,30").checkpointDays());
        assertFalse(AgingSchedule.parse("none").enabled());
        var notNumbers = assertThrows(IllegalArgumentException.class, () -> AgingSchedule.parse("1,week"));
        var notAscending = assertThrows(IllegalArgumentException.class, () -> AgingSchedule.parse("7,3"));

        assertEquals("Aging checkpoints must be comma-separated whole days, got '1,week'", notNumbers.getMessage());
        assertTrue(notAscending.getMessage().contains("ascending"), notAscending.getMessage());
    }
}
