package io.segstream.platform.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The one duration syntax of the command line and the settings files. */
class DurationsTest {

    @Test
    void givenEveryForm_whenParsed_thenTheSameDurations() {
        assertEquals(Duration.ofMillis(250), Durations.parse("250ms"));
        assertEquals(Duration.ofSeconds(90), Durations.parse("90s"));
        assertEquals(Duration.ofSeconds(45), Durations.parse("45"));
        assertEquals(Duration.ZERO, Durations.parse("0"));
        assertEquals(Duration.ofMinutes(90), Durations.parse("90m"));
        assertEquals(Duration.ofMinutes(90), Durations.parse("PT1H30M"));
        assertEquals(Duration.ofHours(2), Durations.parse(" 2H "));
        assertEquals(Duration.ofDays(30), Durations.parse("30d"));
    }

    @Test
    void givenNonsenseOrNegative_whenParsed_thenTheMessageNamesTheText() {
        for (String bad : new String[] {"3 weeks", "soon", "", "m", "1y", "-5s"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(bad), bad);
            assertEquals(true, e.getMessage().startsWith("'" + bad + "'"), e.getMessage());
        }
    }
}
