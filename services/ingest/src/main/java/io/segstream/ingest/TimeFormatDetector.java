package io.segstream.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the time pattern of a column from a sample of its values: ISO dates ({@code yyyy-MM-dd}, a space or
 * {@code T} before the time, optional seconds, fraction and offset or {@code Z}), slash dates (US
 * {@code M/d/yyyy} or European {@code d/M/yyyy}), dotted European dates ({@code d.M.yyyy}), each with or without
 * a time of day, and epoch seconds or milliseconds.
 *
 * <p>Slash dates are month-first when some value has a day above 12 in second place and day-first when some has
 * it in first place; when no sampled value tells, the detector refuses to guess, since both readings give valid
 * but different dates. The family most values share wins; values of other shapes become bad rows later.
 */
final class TimeFormatDetector {

    /** Values that settle the family of an unambiguous column; slash dates are sampled further. */
    static final int MIN_SAMPLE = 1_000;

    /** Upper bound of the sample, reached only by slash dates whose day never exceeds 12. */
    static final int MAX_SAMPLE = 200_000;

    private static final Pattern ISO = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}(?:([T ])\\d{2}:\\d{2}(:\\d{2}(?:\\.(\\d{1,9}))?)?)?(Z|[+-]\\d{2}:\\d{2}|[+-]\\d{4})?");
    private static final Pattern DAY_MONTH = Pattern.compile(
            "(\\d{1,2})([/.])(\\d{1,2})\\2(\\d{4})(?: \\d{1,2}:\\d{2}(:\\d{2})?)?");
    private static final Pattern EPOCH = Pattern.compile("\\d{9,13}");

    private final String column;
    private final Map<String, Integer> families = new LinkedHashMap<>();
    private final List<String> unrecognised = new ArrayList<>();
    private final Shape iso = new Shape();
    private final Shape slash = new Shape();
    private final Shape dot = new Shape();
    private String isoSeparator = " ";
    private int fractionDigits;
    private String offset = "";
    private boolean firstOver12;
    private boolean secondOver12;
    private String ambiguousExample;
    private String dayFirstExample;
    private String monthFirstExample;
    private long maxEpoch;
    private int sampled;

    TimeFormatDetector(String column) {
        this.column = column;
    }

    /** Adds one value of the column; blank values are ignored. */
    void add(String raw) {
        String value = raw.strip();
        if (value.isEmpty()) {
            return;
        }
        sampled++;
        Matcher m = ISO.matcher(value);
        if (m.matches()) {
            count("iso");
            iso.seen(m.group(1) != null, m.group(2) != null);
            if (m.group(1) != null) {
                isoSeparator = m.group(1);
            }
            if (m.group(3) != null) {
                fractionDigits = Math.max(fractionDigits, m.group(3).length());
            }
            if (m.group(4) != null) {
                offset = m.group(4).length() == 5 ? "XX" : "XXX";
            }
            return;
        }
        m = DAY_MONTH.matcher(value);
        if (m.matches()) {
            boolean slashed = m.group(2).equals("/");
            count(slashed ? "slash" : "dot");
            (slashed ? slash : dot).seen(value.indexOf(' ') > 0, m.group(5) != null);
            if (slashed) {
                int first = Integer.parseInt(m.group(1));
                int second = Integer.parseInt(m.group(3));
                if (first > 12 && !firstOver12) {
                    firstOver12 = true;
                    dayFirstExample = value;
                }
                if (second > 12 && !secondOver12) {
                    secondOver12 = true;
                    monthFirstExample = value;
                }
                if (ambiguousExample == null && first != second) {
                    ambiguousExample = value;
                }
            }
            return;
        }
        if (EPOCH.matcher(value).matches()) {
            count("epoch");
            maxEpoch = Math.max(maxEpoch, Long.parseLong(value));
            return;
        }
        count("other");
        if (unrecognised.size() < 3) {
            unrecognised.add(value);
        }
    }

    /** Whether the sample settles the pattern, so further values need not be read. */
    boolean decided() {
        if (sampled >= MAX_SAMPLE) {
            return true;
        }
        if (sampled < MIN_SAMPLE) {
            return false;
        }
        return !"slash".equals(leader()) || firstOver12 || secondOver12;
    }

    /**
     * The pattern the sample shows: a {@link java.time.format.DateTimeFormatter} pattern, or
     * {@link TimeParser#EPOCH_SECONDS} or {@link TimeParser#EPOCH_MILLIS}.
     *
     * @throws IllegalArgumentException when no value has a known shape, or day and month cannot be told apart
     */
    String pattern() {
        String leader = leader();
        String choose = "; choose with --mapping time-pattern=PATTERN (a java.time pattern such as "
                + "'M/d/yyyy H:mm' or 'dd.MM.yyyy HH:mm')";
        if (leader == null || leader.equals("other")) {
            throw new IllegalArgumentException("time column " + column + ": no known date format in "
                    + (sampled == 0 ? "any sampled row (all blank)" : "sampled values such as " + unrecognised)
                    + choose);
        }
        return switch (leader) {
            case "iso" -> "yyyy-MM-dd" + iso.time(isoSeparator.equals("T") ? "'T'HH:mm" : " HH:mm", ":ss",
                    fractionDigits == 0 ? "" : "[." + "S".repeat(fractionDigits) + "]") + offset;
            case "dot" -> "d.M.yyyy" + dot.time(" H:mm", ":ss", "");
            case "epoch" -> maxEpoch < 100_000_000_000L ? TimeParser.EPOCH_SECONDS : TimeParser.EPOCH_MILLIS;
            default -> slashPattern();
        };
    }

    private String slashPattern() {
        String time = slash.time(" H:mm", ":ss", "");
        if (firstOver12 && secondOver12) {
            throw new IllegalArgumentException("time column " + column + " mixes day-first ('" + dayFirstExample
                    + "') and month-first ('" + monthFirstExample + "') dates; choose with --mapping time-pattern='d/M/yyyy"
                    + time + "' or --mapping time-pattern='M/d/yyyy" + time + "'");
        }
        if (firstOver12) {
            return "d/M/yyyy" + time;
        }
        if (secondOver12) {
            return "M/d/yyyy" + time;
        }
        String example = ambiguousExample != null ? ambiguousExample : "1/1/2000";
        String[] parts = example.split("[/ ]");
        int a = Integer.parseInt(parts[0]);
        int b = Integer.parseInt(parts[1]);
        String year = parts[2];
        throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                "time column %s: day and month are ambiguous in all %,d sampled rows: '%s' reads as %s (US, "
                        + "month first: --mapping time-pattern='M/d/yyyy%s') or as %s (day first: "
                        + "--mapping time-pattern='d/M/yyyy%s'); pass one of them",
                column, sampled, example, date(year, a, b), time, date(year, b, a), time));
    }

    private static String date(String year, int month, int day) {
        return String.format(java.util.Locale.ROOT, "%s-%02d-%02d", year, month, day);
    }

    private void count(String family) {
        families.merge(family, 1, Integer::sum);
    }

    private String leader() {
        String best = null;
        int most = 0;
        for (Map.Entry<String, Integer> e : families.entrySet()) {
            if (e.getValue() > most && !e.getKey().equals("other")) {
                best = e.getKey();
                most = e.getValue();
            }
        }
        return best != null ? best : families.isEmpty() ? null : "other";
    }

    /** Which values of a family had a time of day and seconds. */
    private static final class Shape {
        boolean withTime;
        boolean withoutTime;
        boolean withSeconds;
        boolean withoutSeconds;

        void seen(boolean time, boolean seconds) {
            withTime |= time;
            withoutTime |= !time;
            if (time) {
                withSeconds |= seconds;
                withoutSeconds |= !seconds;
            }
        }

        /** The time-of-day part, optional where some values lacked it. */
        String time(String hoursMinutes, String seconds, String fraction) {
            if (!withTime) {
                return "";
            }
            String s = !withSeconds ? "" : withoutSeconds ? "[" + seconds + fraction + "]" : seconds + fraction;
            String t = hoursMinutes + s;
            return withoutTime ? "[" + t + "]" : t;
        }
    }
}
