package io.segstream.platform.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.segstream.platform.registry.RegistryClientOptions;
import org.junit.jupiter.api.Test;

class AvroSerdeConfigTest {

    @Test
    void givenOnlyTheUrl_thenAutoRegisterAndDefaultTimeouts() {
        AvroSerdeConfig config = AvroSerdeConfig.fromMap(Map.of("schema.registry.url", "http://registry:8081/"), false);

        assertEquals(URI.create("http://registry:8081"), config.registry().baseUrl());
        assertTrue(config.autoRegister());
        assertFalse(config.isKey());
        assertEquals(RegistryClientOptions.DEFAULT_CONNECT_TIMEOUT, config.registry().connectTimeout());
        assertEquals(RegistryClientOptions.DEFAULT_REQUEST_TIMEOUT, config.registry().requestTimeout());
    }

    @Test
    void givenKafkaStyleStringsAndTypedValues_thenEachOverridesItsDefault() {
        AvroSerdeConfig config = AvroSerdeConfig.fromMap(Map.of(
                "schema.registry.url", "http://127.0.0.1:8080/apis/ccompat/v7",
                "auto.register.schemas", "false",
                "schema.registry.connect.timeout.ms", 250,
                "schema.registry.request.timeout.ms", "1500"), true);

        assertFalse(config.autoRegister());
        assertTrue(config.isKey());
        assertEquals(Duration.ofMillis(250), config.registry().connectTimeout());
        assertEquals(Duration.ofMillis(1500), config.registry().requestTimeout());
    }

    @Test
    void missingUrlIsNamedInTheError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AvroSerdeConfig.fromMap(Map.of("auto.register.schemas", "true"), false));

        assertEquals("Missing Avro serde config 'schema.registry.url'", e.getMessage());
    }

    @Test
    void malformedValuesAreRejectedWithTheirKey() {
        Map<String, String> badBoolean = Map.of("schema.registry.url", "http://r", "auto.register.schemas", "yes");
        Map<String, String> badMillis = Map.of("schema.registry.url", "http://r",
                "schema.registry.request.timeout.ms", "5s");

        assertTrue(assertThrows(IllegalArgumentException.class, () -> AvroSerdeConfig.fromMap(badBoolean, false))
                .getMessage().contains("'auto.register.schemas'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AvroSerdeConfig.fromMap(badMillis, false))
                .getMessage().contains("'schema.registry.request.timeout.ms'"));
    }

    @Test
    void nonHttpUrlAndZeroTimeoutAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> RegistryClientOptions.of("ftp://registry"));
        assertThrows(IllegalArgumentException.class,
                () -> RegistryClientOptions.of("http://r").withTimeouts(Duration.ZERO, Duration.ofSeconds(1)));
    }
}
