package io.segstream.platform.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The one duration syntax of every command and setting: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h},
 * {@code 1d}, a bare number of seconds ({@code 0}, {@code 90}) or ISO-8601 ({@code PT1H30M}). Negative durations
 * are refused.
 */
public final class Durations {

    private Durations() {
    }

    /**
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static Duration parse(String text) {
        String v = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (v.startsWith("p")) {
                d = Duration.parse(v.toUpperCase(Locale.ROOT));
            } else if (v.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            } else if (!v.isEmpty() && Character.isDigit(v.charAt(v.length() - 1))) {
                d = Duration.ofSeconds(Long.parseLong(v));
            } else {
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                d = switch (v.charAt(v.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'd' -> Duration.ofDays(n);
                    default -> throw new NumberFormatException();
                };
            }
            if (d.isNegative()) {
                throw new IllegalArgumentException("'" + text + "' is negative; durations are 0 or more");
            }
            return d;
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (e.g. 500ms, 30s, 5m, 1h, 1d, "
                    + "PT1H30M)");
        }
    }
}
