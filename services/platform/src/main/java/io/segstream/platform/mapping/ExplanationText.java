package io.segstream.platform.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.segstream.avro.FeatureContribution;
import io.segstream.avro.SegmentChange;

/** A one-line reading of a change's explanation, for people: {@code watch} prints it and the console shows it. */
public final class ExplanationText {

    /** Features named at most. */
    static final int TOP = 3;

    private ExplanationText() {
    }

    /**
     * For example {@code "moved: recency 21 → 96 (97%), frequency 4 → 4 (0%)"} or
     * {@code "boundary moved: centroid of At risk recency 120 → 90 (80%)"}; empty when there is no explanation.
     * Features with a positive contribution come first, at most three.
     */
    public static String of(SegmentChange change) {
        List<String> parts = new ArrayList<>();
        for (FeatureContribution c : change.getExplanation()) {
            if (parts.size() == TOP || (c.getContribution() <= 0 && !parts.isEmpty())) {
                break;
            }
            String values = c.getBefore() == c.getAfter() ? number(c.getAfter())
                    : number(c.getBefore()) + " → " + number(c.getAfter());
            parts.add(String.format(Locale.ROOT, "%s %s (%.0f%%)", c.getFeature(), values, c.getShare() * 100));
        }
        if (parts.isEmpty()) {
            return "";
        }
        String list = String.join(", ", parts);
        return switch (change.getExplanationKind()) {
            case CUSTOMER_MOVED -> "moved: " + list;
            case NEAREST_SEGMENT -> "nearest to " + change.getToSegmentName() + ": " + list;
            case BOUNDARY_MOVED -> "boundary moved: centroid of " + change.getToSegmentName() + " " + list;
            case NONE -> "";
        };
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "?";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v)
                : String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : "%.1f", v);
    }
}
