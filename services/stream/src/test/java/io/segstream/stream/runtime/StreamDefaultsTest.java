package io.segstream.stream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import io.segstream.platform.config.SegstreamConfig;
import io.segstream.stream.deadletter.ProcessingNet;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stream's defaults are one table; the file beats a default, an option beats the file. */
class StreamDefaultsTest {

    @TempDir
    Path dir;

    private SegstreamConfig load(String file, Map<String, String> overrides) throws IOException {
        Path path = dir.resolve("segstream.properties");
        Files.writeString(path, "schema.registry.url=http://reg:8081\n" + file);
        return SegstreamConfig.load(Optional.of(path), overrides);
    }

    @Test
    void givenNothingSet_whenStreamPropertiesAreBuilt_thenEveryDefaultComesFromOneTable() throws IOException {
        Properties props = StreamApp.streamsProperties(load("", Map.of()));
        StreamSettings settings = StreamSettings.from(load("", Map.of()));

        assertEquals("50", props.getProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
        assertEquals("1", props.getProperty(StreamsConfig.NUM_STREAM_THREADS_CONFIG));
        assertEquals(ProcessingNet.class.getName(),
                props.getProperty(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG));
        assertEquals("exactly_once_v2", props.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG),
                "the shared defaults of SegstreamConfig");
        assertEquals("segstream", props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG));
        assertEquals(Duration.ofSeconds(30), settings.registryPatience());
        assertTrue(settings.staticMembership());
        for (String key : StreamDefaults.TABLE.keySet()) {
            assertEquals(!key.startsWith("segstream."), props.containsKey(key),
                    key + ": segstream's own settings stay out of the Kafka clients");
        }
        for (String key : StreamDefaults.TABLE.keySet()) {
            assertTrue(!SegstreamConfig.defaults().containsKey(key), key + " is defaulted in one place only");
        }
    }

    @Test
    void givenAFileValue_whenLoaded_thenItBeatsTheDefaultAndAnOptionBeatsIt() throws IOException {
        String file = "commit.interval.ms=100\nsegstream.registry.patience=5s\nsegstream.static-membership=false\n"
                + "processing.guarantee=at_least_once\n";
        Properties fromFile = StreamApp.streamsProperties(load(file, Map.of()));
        StreamSettings settings = StreamSettings.from(load(file, Map.of()));
        assertEquals("100", fromFile.getProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
        assertEquals("at_least_once", fromFile.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals(Duration.ofSeconds(5), settings.registryPatience());
        assertTrue(!settings.staticMembership());

        Properties fromOption = StreamApp.streamsProperties(load(file, Map.of("commit.interval.ms", "20")));
        assertEquals("20", fromOption.getProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
    }

    @Test
    void givenAServiceDefaultForASharedKey_whenApplied_thenRefused() throws IOException {
        SegstreamConfig config = load("", Map.of());
        var e = assertThrows(IllegalArgumentException.class,
                () -> config.withDefaults(Map.of(SegstreamConfig.PROCESSING_GUARANTEE, "at_least_once")));
        assertTrue(e.getMessage().contains("'processing.guarantee'"), e.getMessage());
    }
}
