package io.segstream.ingest;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;

/**
 * Parses timestamps to epoch millis UTC: a {@link DateTimeFormatter} pattern (a time without offset is read as
 * UTC, a date without time as midnight), or {@link #EPOCH_SECONDS} / {@link #EPOCH_MILLIS}. The ISO-like
 * {@code yyyy-MM-dd HH:mm[:ss]} patterns of the retail files get a hand-written path because java.time costs more
 * than the CSV parsing itself; rows of one invoice share a timestamp, so the last result is cached too.
 */
final class TimeParser {

    /** Pattern name of integer seconds since 1970-01-01T00:00Z. */
    static final String EPOCH_SECONDS = "epoch-seconds";

    /** Pattern name of integer milliseconds since 1970-01-01T00:00Z. */
    static final String EPOCH_MILLIS = "epoch-millis";

    private static final java.util.Set<String> ISO_FAST = java.util.Set.of("yyyy-MM-dd HH:mm:ss",
            "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm[:ss]", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm",
            "yyyy-MM-dd'T'HH:mm[:ss]");

    private final DateTimeFormatter formatter;
    private final boolean isoFast;
    private final char isoSeparator;
    private final long epochScale;
    private String lastText;
    private long lastMillis;

    /**
     * @throws IllegalArgumentException when the pattern is not a valid {@link DateTimeFormatter} pattern
     */
    TimeParser(String pattern) {
        this.isoFast = ISO_FAST.contains(pattern);
        this.isoSeparator = pattern.contains("'T'") ? 'T' : ' ';
        this.epochScale = pattern.equals(EPOCH_SECONDS) ? 1000 : pattern.equals(EPOCH_MILLIS) ? 1 : 0;
        // STRICT rejects 31.02 instead of moving it to the month's end; STRICT needs 'u' (proleptic year), not 'y'.
        this.formatter = epochScale != 0 ? null : DateTimeFormatter.ofPattern(pattern.replace('y', 'u'))
                .withResolverStyle(ResolverStyle.STRICT);
    }

    long parse(String text) {
        if (text.equals(lastText)) {
            return lastMillis;
        }
        long millis = epochScale != 0 ? Math.multiplyExact(Long.parseLong(text), epochScale)
                : isoFast ? parseIso(text, isoSeparator) : parseGeneric(text);
        lastText = text;
        lastMillis = millis;
        return millis;
    }

    private long parseGeneric(String text) {
        TemporalAccessor parsed = formatter.parseBest(text, OffsetDateTime::from, LocalDateTime::from,
                LocalDate::from);
        if (parsed instanceof OffsetDateTime offset) {
            return offset.toInstant().toEpochMilli();
        }
        LocalDateTime time = parsed instanceof LocalDate date ? date.atStartOfDay() : (LocalDateTime) parsed;
        return time.toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static long parseIso(String s, char separator) {
        int n = s.length();
        if ((n != 19 && n != 16) || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != separator
                || s.charAt(13) != ':' || (n == 19 && s.charAt(16) != ':')) {
            throw new DateTimeParseException("expected yyyy-MM-dd HH:mm[:ss]", s, 0);
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = n == 19 ? digits(s, 17, 2) : 0;
        if (month < 1 || month > 12 || day < 1 || day > LocalDate.of(year, month, 1).lengthOfMonth()
                || hour > 23 || minute > 59 || second > 59) {
            throw new DateTimeParseException("field out of range", s, 0);
        }
        long days = LocalDate.of(year, month, day).toEpochDay();
        return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L;
    }

    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new DateTimeParseException("not a digit at " + i, s, i);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
