package io.segstream.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TimeFormatDetectorTest {

    private static String detect(String... values) {
        TimeFormatDetector detector = new TimeFormatDetector("InvoiceDate");
        for (String value : values) {
            detector.add(value);
        }
        return detector.pattern();
    }

    private static String parsed(String pattern, String value) {
        return Instant.ofEpochMilli(new TimeParser(pattern).parse(value)).toString();
    }

    @ParameterizedTest(name = "{0} and {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "2010-12-01 08:26:00|2010-12-13 17:05:09|yyyy-MM-dd HH:mm:ss|2010-12-01T08:26:00Z",
        "2010-12-01 08:26|2010-12-13 17:05|yyyy-MM-dd HH:mm|2010-12-01T08:26:00Z",
        "2010-12-01 08:26|2010-12-13 17:05:09|yyyy-MM-dd HH:mm[:ss]|2010-12-01T08:26:00Z",
        "2010-12-01T08:26:00|2010-12-13T17:05:09|yyyy-MM-dd'T'HH:mm:ss|2010-12-01T08:26:00Z",
        "2010-12-01T08:26:00Z|2010-12-13T17:05:09Z|yyyy-MM-dd'T'HH:mm:ssXXX|2010-12-01T08:26:00Z",
        "2010-12-01T09:26:00+01:00|2010-12-13T17:05:09-05:00|yyyy-MM-dd'T'HH:mm:ssXXX|2010-12-01T08:26:00Z",
        "2010-12-01T08:26:00.250Z|2010-12-13T17:05:09.000Z|yyyy-MM-dd'T'HH:mm:ss[.SSS]XXX|2010-12-01T08:26:00.250Z",
        "2010-12-01|2010-12-13|yyyy-MM-dd|2010-12-01T00:00:00Z",
        "12/1/2010 8:26|12/13/2010 17:05|M/d/yyyy H:mm|2010-12-01T08:26:00Z",
        "12/1/2010 8:26:00|12/13/2010 17:05:09|M/d/yyyy H:mm:ss|2010-12-01T08:26:00Z",
        "1/12/2010 8:26|13/12/2010 17:05|d/M/yyyy H:mm|2010-12-01T08:26:00Z",
        "01/12/2010|13/12/2010|d/M/yyyy|2010-12-01T00:00:00Z",
        "1.12.2010 08:26|13.12.2010 17:05|d.M.yyyy H:mm|2010-12-01T08:26:00Z",
        "01.12.2010|13.12.2010|d.M.yyyy|2010-12-01T00:00:00Z",
        "1291191960|1292259909|epoch-seconds|2010-12-01T08:26:00Z",
        "1291191960000|1292259909000|epoch-millis|2010-12-01T08:26:00Z"})
    void givenSampleOfOneFormat_whenDetected_thenThePatternReadsTheFirstValue(String first, String second,
                                                                             String pattern, String instant) {
        assertEquals(pattern, detect(first, second));
        assertEquals(instant, parsed(pattern, first));
    }

    @Test
    void givenSlashDatesWithNoDayAbove12_whenDetected_thenBothReadingsAndTheOptionAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> detect("12/1/2010 8:26", "12/2/2010 9:00", "1/12/2010 9:30"));
        assertEquals("time column InvoiceDate: day and month are ambiguous in all 3 sampled rows: '12/1/2010 8:26'"
                + " reads as 2010-12-01 (US, month first: --mapping time-pattern='M/d/yyyy H:mm') or as 2010-01-12"
                + " (day first: --mapping time-pattern='d/M/yyyy H:mm'); pass one of them", e.getMessage());
    }

    @Test
    void givenDayFirstAndMonthFirstRows_whenDetected_thenTheMixIsRefusedWithExamples() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> detect("13/1/2010", "1/13/2010"));
        assertTrue(e.getMessage().contains("mixes day-first ('13/1/2010') and month-first ('1/13/2010')"),
                e.getMessage());
    }

    @Test
    void givenNoKnownShape_whenDetected_thenSampleValuesAreQuoted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> detect("Dec 1 2010", "yesterday"));
        assertTrue(e.getMessage().startsWith("time column InvoiceDate: no known date format in sampled values such"
                + " as [Dec 1 2010, yesterday]"), e.getMessage());
    }

    @Test
    void givenAFewOddValuesAmongMany_whenDetected_thenTheMajorityFormatWins() {
        String[] values = new String[20];
        for (int i = 0; i < values.length; i++) {
            values[i] = i == 7 ? "n/a" : "2011-0" + (1 + i % 9) + "-15 10:00";
        }
        assertEquals("yyyy-MM-dd HH:mm", detect(values));
    }

    @Test
    void givenSlashDates_whenTheDeciderIsFarDown_thenSamplingGoesOnPastTheMinimum() {
        TimeFormatDetector detector = new TimeFormatDetector("t");
        for (int i = 0; i < TimeFormatDetector.MIN_SAMPLE; i++) {
            detector.add("12/1/2010 8:26");
        }
        assertEquals(false, detector.decided(), "still ambiguous after the minimum sample");
        detector.add("12/13/2010 8:26");
        assertTrue(detector.decided());
        assertEquals("M/d/yyyy H:mm", detector.pattern());
        List.of("2/30/2011 8:00").forEach(v -> assertThrows(RuntimeException.class,
                () -> new TimeParser("M/d/yyyy H:mm").parse(v), "STRICT rejects 30 February"));
    }
}
