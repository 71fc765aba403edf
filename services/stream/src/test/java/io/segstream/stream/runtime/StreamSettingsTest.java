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
