package io.segstream.app.pacing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class PacingTest {

    private static final long DAY_MILLIS = 86_400_000L;
    private static final long SECOND_NANOS = 1_000_000_000L;

    @Test
    void givenOneDayPerSecond_whenEventIsADayLaterAndNoTimePassed_thenWaitOneSecond() {
        assertEquals(SECOND_NANOS, Pacing.speedDelayNanos(DAY_MILLIS, 0, 86_400));
    }

    @Test
    void givenOneDayPerSecond_whenHalfASecondPassed_thenWaitTheOtherHalf() {
        assertEquals(SECOND_NANOS / 2, Pacing.speedDelayNanos(DAY_MILLIS, SECOND_NANOS / 2, 86_400));
    }

    @Test
    void givenReplayBehindSchedule_whenAsked_thenNoWait() {
        assertEquals(0, Pacing.speedDelayNanos(DAY_MILLIS, 3 * SECOND_NANOS, 86_400));
        assertEquals(0, Pacing.speedDelayNanos(0, 0, 1));
    }

    @Test
    void givenRealTimeSpeed_whenEventIsTwoMinutesLater_thenWaitTwoMinutes() {
        assertEquals(120 * SECOND_NANOS, Pacing.speedDelayNanos(120_000, 0, 1));
        assertEquals(2.0, Pacing.speedRemainingSeconds(2 * DAY_MILLIS, 86_400));
    }

    @Test
    void givenNonPositiveSpeed_whenAsked_thenRejected() {
        assertThrows(IllegalArgumentException.class, () -> Pacing.speedDelayNanos(1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Pacing.speedDelayNanos(1, 0, -2));
    }

    @Test
    void givenSpeedPacer_whenEventsSpreadOverTwoDays_thenSleepsMatchTheSchedule() throws InterruptedException {
        AtomicLong clock = new AtomicLong(5 * SECOND_NANOS);
        List<Long> sleeps = new ArrayList<>();
        Pacer pacer = Pacer.speed(86_400, clock::get, nanos -> {
            sleeps.add(nanos);
            clock.addAndGet(nanos);
        });

        pacer.await(1_000 * DAY_MILLIS);
        pacer.await(1_000 * DAY_MILLIS + DAY_MILLIS);
        clock.addAndGet(SECOND_NANOS / 4);
        pacer.await(1_000 * DAY_MILLIS + 2 * DAY_MILLIS);

        assertEquals(List.of(SECOND_NANOS, 3 * SECOND_NANOS / 4), sleeps);
    }

    @Test
    void givenRateOfTenPerSecond_whenElevenEventsAtOnce_thenTheyAreSpacedATenthOfASecondApart() {
        TokenBucket bucket = new TokenBucket(10, 10);
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            delays.add(bucket.reserve(0));
        }
        assertEquals(List.of(0L, SECOND_NANOS / 10, 2 * SECOND_NANOS / 10, 3 * SECOND_NANOS / 10), delays);
    }

    @Test
    void givenIdleBucket_whenEventsArrive_thenBurstIsCappedAtItsSize() {
        TokenBucket bucket = new TokenBucket(10, 5);
        bucket.reserve(0);
        long later = 60 * SECOND_NANOS;
        int immediate = 0;
        while (bucket.reserve(later) == 0) {
            immediate++;
        }
        assertEquals(5, immediate);
    }

    @Test
    void givenRatePacer_whenPacedForThreeSeconds_thenThirtyEventsPass() throws InterruptedException {
        AtomicLong clock = new AtomicLong();
        Pacer pacer = Pacer.rate(10, clock::get, clock::addAndGet);
        int events = 0;
        while (clock.get() < 3 * SECOND_NANOS) {
            pacer.await(0);
            events++;
        }
        assertEquals(31, events, "one at time 0, then one every 100 ms up to and including 3 s");
    }
}
