package io.segstream.trainer.training;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * How a new model relates to the one it replaces, measured on the snapshot it was trained on.
 *
 * @param previousVersion the replaced model's version, empty for a first model
 * @param matched segments that continue, with their previous and new names
 * @param created ids of segments without a counterpart in the previous model
 * @param retired ids of previous segments without a counterpart in the new model
 * @param compared customers assigned by both models (0 for a first model)
 * @param changed customers among them whose segment id differs between the two models
 */
public record RefitReport(OptionalLong previousVersion, List<Matched> matched, int[] created, int[] retired,
                          long compared, long changed) {

    /**
     * A continued segment.
     *
     * @param segmentId the id it keeps
     * @param previousName its name in the previous model
     * @param name its name in the new model
     * @param distance how far its centroid moved, in the new model space
     */
    public record Matched(int segmentId, String previousName, String name, double distance) {
    }

    /** Copies and validates. */
    public RefitReport {
        matched = List.copyOf(matched);
        created = created.clone();
        retired = retired.clone();
        if (changed < 0 || changed > compared) {
            throw new IllegalArgumentException(changed + " changed of " + compared + " compared");
        }
    }

    /** @return the share of compared customers whose segment changed, 0 when none were compared. */
    public double changedShare() {
        return compared == 0 ? 0 : (double) changed / compared;
    }

    @Override
    public int[] created() {
        return created.clone();
    }

    @Override
    public int[] retired() {
        return retired.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RefitReport r && previousVersion.equals(r.previousVersion) && matched.equals(r.matched)
                && Arrays.equals(created, r.created) && Arrays.equals(retired, r.retired)
                && compared == r.compared && changed == r.changed;
    }

    @Override
    public int hashCode() {
        return matched.hashCode() * 31 + Long.hashCode(changed);
    }

    @Override
    public String toString() {
        return "RefitReport[previousVersion=" + previousVersion + ", matched=" + matched + ", created="
                + Arrays.toString(created) + ", retired=" + Arrays.toString(retired) + ", changed=" + changed + "/"
                + compared + "]";
    }
}
