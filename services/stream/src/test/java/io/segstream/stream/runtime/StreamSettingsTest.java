package io.segstream.stream.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.segstream.core.cleaning.ReturnPolicy;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.stream.deadletter.DeadLetterLimits;
import io.segstream.stream.deadletter.DeadLetterNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every stream setting is parsed at start; a bad value is refused with its key and value. */
class StreamSettingsTest {

    private static SegstreamConfig config(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of(SegstreamConfig.REGISTRY_URL, "http://reg:8081"));
        all.putAll(settings);
        return SegstreamConfig.load(Optional.empty(), all);
    }

    @Test
    void givenDefaultsAndAValidFile_whenParsed_thenTypedValues() {
        StreamSettings s = StreamSettings.from(config(Map.of(SegstreamConfig.RETURNS_POLICY, "ignore",
                SegstreamConfig.AGING_CHECKPOINTS, "7, 30,90", SegstreamConfig.RESCORE_CHUNK, "250",
                SegstreamConfig.MODEL_NAME, "rfm-eu", SegstreamConfig.API_PORT, "0")));

        assertEquals(ReturnPolicy.IGNORE, s.cleaning().returns());
        assertArrayEquals(new int[] {7, 30, 90}, s.aging().checkpointDays());
        assertEquals(250, s.rescoreChunk());
        assertEquals("rfm-eu", s.modelName());
        assertEquals(0, s.apiPort());
        assertEquals("http://reg:8081", s.registryUrl());
        assertEquals(java.util.Set.of(), s.anonymousCustomers(), "no anonymous accounts by default");
    }

    @Test
    void givenAnonymousCustomers_whenParsed_thenTheTrimmedIds() {
        StreamSettings s = StreamSettings.from(config(Map.of(StreamSettings.ANONYMOUS_CUSTOMERS,
                " 0, walk-in ,17850,walk-in")));

        assertEquals(java.util.Set.of("0", "walk-in", "17850"), s.anonymousCustomers());
        assertEquals(java.util.Set.of(), StreamSettings.from(config(Map.of(StreamSettings.ANONYMOUS_CUSTOMERS,
                "  "))).anonymousCustomers());
    }

    @Test
    void givenDeadLetterLimits_whenParsed_thenTheDefaultsTheExtremesAndTheNetsGetThem() {
        assertEquals(new DeadLetterLimits(1_024, 262_144), StreamSettings.from(config(Map.of())).deadLetters(),
                "the defaults are the limits before they were settings");
        DeadLetterLimits smallest = StreamSettings.from(config(Map.of(DeadLetterLimits.MAX_DETAIL_CHARS, "32",
                DeadLetterLimits.MAX_VALUE_BYTES, "1"))).deadLetters();
        assertEquals(new DeadLetterLimits(32, 1), smallest);
        Map<String, String> largest = Map.of(DeadLetterLimits.MAX_DETAIL_CHARS, "16384",
                DeadLetterLimits.MAX_VALUE_BYTES, String.valueOf(900 * 1_024));
        assertEquals(new DeadLetterLimits(16_384, 921_600), StreamSettings.from(config(largest)).deadLetters());
        assertEquals(new DeadLetterLimits(16_384, 921_600),
                StreamApp.streamsProperties(config(largest)).get(DeadLetterNet.LIMITS),
                "the safety nets are configured with the same limits as the intake");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "schema.registry.url        | ftp://registry",
        "segstream.model.name       | '  '",
        "segstream.rescore.chunk    | 0",
        "segstream.rescore.chunk    | lots",
        "segstream.aging.checkpoints| 7,thirty",
        "segstream.returns.policy   | KEEP",
        "segstream.api.host         | ' '",
        "segstream.api.port         | 70000",
        "segstream.api.port         | http",
        "segstream.registry.patience| soon",
        "segstream.registry.patience| 0",
        "segstream.static-membership| maybe",
        "segstream.customers.anonymous| 'walk-in,,guest'",
        "segstream.customers.anonymous| 'walk-in,'",
        "segstream.dead-letters.max-detail-chars| 0",
        "segstream.dead-letters.max-detail-chars| 31",
        "segstream.dead-letters.max-detail-chars| 16385",
        "segstream.dead-letters.max-detail-chars| long",
        "segstream.dead-letters.max-value-bytes  | 0",
        "segstream.dead-letters.max-value-bytes  | -1",
        "segstream.dead-letters.max-value-bytes  | 921601",
        "segstream.dead-letters.max-value-bytes  | 1048576",
        "segstream.dead-letters.max-value-bytes  | 256KiB",
    })
    void givenABadValue_whenParsed_thenRefusedNamingTheKey(String key, String value) {
        var e = assertThrows(IllegalArgumentException.class,
                () -> StreamSettings.from(config(Map.of(key, value))));

        assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
        if (!value.isBlank()) {
            assertTrue(e.getMessage().contains(value), e.getMessage());
        }
    }
}
