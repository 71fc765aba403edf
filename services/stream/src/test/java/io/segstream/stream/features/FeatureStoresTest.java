package io.segstream.stream.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FeatureStoresTest {

    @Test
    void givenDays_whenAgingKeysBuilt_thenZeroPaddedToEightDigitsAndOrderedByDay() {
        for (long day : new long[] {0, 7, 14_974, 15_317, 99_999, 12_345_678, 99_999_999, 100_000_000, -3}) {
            assertEquals(String.format("%08d|c42", day), FeatureStores.agingKey(day, "c42"));
            assertEquals(String.format("%08d|", day), FeatureStores.agingDayStart(day));
        }
        assertTrue(FeatureStores.agingKey(15_316, "zzz").compareTo(FeatureStores.agingDayStart(15_317)) < 0);
        assertTrue(FeatureStores.agingDayStart(15_317).compareTo(FeatureStores.agingKey(15_317, "")) <= 0);
    }
}
