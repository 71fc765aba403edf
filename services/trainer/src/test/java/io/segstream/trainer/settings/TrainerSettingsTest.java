package io.segstream.trainer.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.segstream.platform.config.SegstreamConfig;
import io.segstream.trainer.schedule.Schedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The trainer's settings come from the same configuration as every service; a bad value names its key. */
class TrainerSettingsTest {

    private static SegstreamConfig config(Map<String, String> settings) {
        return SegstreamConfig.load(Optional.empty(), settings);
    }

    @Test
    void givenNothingSet_whenParsed_thenTheDocumentedDefaults() {
        TrainerSettings s = TrainerSettings.from(config(Map.of()));

        assertEquals("rfm", s.training().modelName());
        assertEquals(4, s.training().minK());
        assertEquals(8, s.training().maxK());
        assertEquals(10, s.training().nInit());
        assertEquals(1_000_000, s.training().maxFitRows());
        assertEquals(50, s.training().minCustomers());
        assertEquals(new Schedule(Duration.ofHours(1), 10_000, Duration.ZERO), s.schedule());
        assertEquals(Duration.ofMinutes(2), s.timeout());
    }

    @Test
    void givenAFileOfSettings_whenParsed_thenTheyAreUsedAndTheModelNameIsTheStreamsKey() {
        TrainerSettings s = TrainerSettings.from(config(Map.of(SegstreamConfig.MODEL_NAME, "rfm-eu",
                TrainerSettings.MIN_K, "2", TrainerSettings.MAX_K, "10", TrainerSettings.STREAM_INTERVAL, "30d",
                TrainerSettings.INTERVAL, "0", TrainerSettings.CHANGED_CUSTOMERS, "0", TrainerSettings.SEED, "7")));

        assertEquals("rfm-eu", s.training().modelName());
        assertEquals(2, s.training().minK());
        assertEquals(10, s.training().maxK());
        assertEquals(7, s.training().seed());
        assertEquals(new Schedule(Duration.ZERO, 0, Duration.ofDays(30)), s.schedule());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "segstream.model.name              | ' '",
        "segstream.trainer.min-k           | 1",
        "segstream.trainer.min-k           | two",
        "segstream.trainer.max-k           | 1",
        "segstream.trainer.n-init          | 0",
        "segstream.trainer.seed            | x",
        "segstream.trainer.sample-above    | 10",
        "segstream.trainer.min-customers   | 5",
        "segstream.trainer.interval        | hourly",
        "segstream.trainer.changed-customers | -1",
        "segstream.trainer.stream-interval | 30 days",
        "segstream.trainer.timeout         | 0",
    })
    void givenABadValue_whenParsed_thenRefusedNamingTheKey(String key, String value) {
        var e = assertThrows(IllegalArgumentException.class, () -> TrainerSettings.from(config(Map.of(key, value))));

        assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
        if (!value.isBlank()) {
            assertTrue(e.getMessage().contains(value), e.getMessage());
        }
    }

    @Test
    void givenEveryTriggerOff_whenScheduled_thenTheThreeKeysAreNamed() {
        TrainerSettings s = TrainerSettings.from(config(Map.of(TrainerSettings.INTERVAL, "0",
                TrainerSettings.CHANGED_CUSTOMERS, "0")));

        var e = assertThrows(IllegalArgumentException.class, s::schedule);
        assertTrue(e.getMessage().contains(TrainerSettings.INTERVAL) && e.getMessage()
                .contains(TrainerSettings.CHANGED_CUSTOMERS) && e.getMessage().contains(TrainerSettings.STREAM_INTERVAL),
                e.getMessage());
    }

    @Test
    void givenAFeatureList_whenParsed_thenTrainedOnThoseAndUnknownNamesAreRefused() {
        TrainerSettings s = TrainerSettings.from(config(Map.of(TrainerSettings.FEATURES,
                "recency, frequency,monetary,lifetime_value")));
        assertEquals(List.of("recency", "frequency", "monetary", "lifetime_value"), s.training().featureNames());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainerSettings.from(config(Map.of(TrainerSettings.FEATURES, "recency,churn"))));
        assertTrue(e.getMessage().contains("churn"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> TrainerSettings.from(config(Map.of(TrainerSettings.FEATURES, " , "))));
    }

    @Test
    void givenTheInterestKey_whenParsed_thenTrueByDefaultFalseWhenSetAndABadValueIsNamed() {
        assertTrue(TrainerSettings.interest(config(Map.of())));
        assertFalse(TrainerSettings.interest(config(Map.of(TrainerSettings.INTEREST, "FALSE"))));
        var e = assertThrows(IllegalArgumentException.class,
                () -> TrainerSettings.from(config(Map.of(TrainerSettings.INTEREST, "maybe"))));
        assertEquals("Setting 'segstream.trainer.interest' must be true or false, got 'maybe'", e.getMessage());
    }
}
