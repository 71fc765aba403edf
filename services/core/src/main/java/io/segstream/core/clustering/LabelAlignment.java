package io.segstream.core.clustering;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Carries segment ids across a refit: the new clusters are matched to the previous model's
 * segments by a minimum total centroid distance (Hungarian), so a customer whose segment did not
 * really change keeps its id and downstream consumers see no spurious moves.
 *
 * @param ids for each new cluster index, its segment id.
 * @param matched the previous segments that continue, as (new cluster, segment id, distance).
 * @param created ids given to new clusters without a counterpart: previous max id + 1, + 2, ...
 * @param retired previous segment ids with no counterpart in the new model.
 */
public record LabelAlignment(int[] ids, List<Match> matched, int[] created, int[] retired) {

    /**
     * A continued segment.
     *
     * @param cluster the index of the new cluster.
     * @param segmentId the id it keeps.
     * @param distance the distance between the previous and the new centroid.
     */
    public record Match(int cluster, int segmentId, double distance) {
    }

    /** Copies the arrays. */
    public LabelAlignment {
        ids = ids.clone();
        matched = List.copyOf(matched);
        created = created.clone();
        retired = retired.clone();
    }

    /**
     * Aligns without a distance limit: every new cluster is matched while previous segments last.
     *
     * @param previous the previous centroids, in the same feature space as {@code next}.
     * @param previousIds the previous segment ids, distinct and non-negative.
     * @param next the new centroids.
     * @return the alignment.
     */
    public static LabelAlignment align(double[][] previous, int[] previousIds, double[][] next) {
        return align(previous, previousIds, next, Double.POSITIVE_INFINITY);
    }

    /**
     * Aligns, treating pairs farther apart than {@code maxDistance} as unrelated (one retired,
     * one created) even when the assignment pairs them.
     *
     * @param previous the previous centroids.
     * @param previousIds the previous segment ids, distinct and non-negative.
     * @param next the new centroids.
     * @param maxDistance the largest centroid distance that still counts as the same segment.
     * @return the alignment.
     */
    public static LabelAlignment align(double[][] previous, int[] previousIds, double[][] next, double maxDistance) {
        if (previous.length != previousIds.length) {
            throw new IllegalArgumentException(previous.length + " centroids but " + previousIds.length + " ids");
        }
        if (Arrays.stream(previousIds).distinct().count() != previousIds.length
                || Arrays.stream(previousIds).anyMatch(id -> id < 0)) {
            throw new IllegalArgumentException("Ids must be distinct and non-negative: " + Arrays.toString(previousIds));
        }
        double[][] cost = new double[next.length][previous.length];
        for (int i = 0; i < next.length; i++) {
            for (int j = 0; j < previous.length; j++) {
                if (next[i].length != previous[j].length) {
                    throw new IllegalArgumentException("New centroid " + i + " has " + next[i].length
                            + " features, previous centroid " + j + " has " + previous[j].length);
                }
                cost[i][j] = distance(next[i], previous[j]);
            }
        }
        int[] column = previous.length == 0 ? filled(next.length) : Hungarian.solve(cost);
        int nextId = Arrays.stream(previousIds).max().orElse(-1) + 1;
        int[] ids = new int[next.length];
        boolean[] kept = new boolean[previous.length];
        List<Match> matched = new ArrayList<>();
        List<Integer> created = new ArrayList<>();
        for (int i = 0; i < next.length; i++) {
            int j = column[i];
            if (j >= 0 && cost[i][j] <= maxDistance) {
                ids[i] = previousIds[j];
                kept[j] = true;
                matched.add(new Match(i, previousIds[j], cost[i][j]));
            } else {
                ids[i] = nextId++;
                created.add(ids[i]);
            }
        }
        List<Integer> retired = new ArrayList<>();
        for (int j = 0; j < previous.length; j++) {
            if (!kept[j]) {
                retired.add(previousIds[j]);
            }
        }
        return new LabelAlignment(ids, matched,
                created.stream().mapToInt(Integer::intValue).toArray(),
                retired.stream().mapToInt(Integer::intValue).sorted().toArray());
    }

    /**
     * @param cluster a new cluster index.
     * @return its segment id.
     */
    public int idOf(int cluster) {
        return ids[cluster];
    }

    @Override
    public int[] ids() {
        return ids.clone();
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
        return o instanceof LabelAlignment a && Arrays.equals(ids, a.ids) && matched.equals(a.matched)
                && Arrays.equals(created, a.created) && Arrays.equals(retired, a.retired);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ids) * 31 + matched.hashCode();
    }

    @Override
    public String toString() {
        return "LabelAlignment[ids=" + Arrays.toString(ids) + ", matched=" + matched
                + ", created=" + Arrays.toString(created) + ", retired=" + Arrays.toString(retired) + "]";
    }

    private static int[] filled(int n) {
        int[] a = new int[n];
        Arrays.fill(a, -1);
        return a;
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int t = 0; t < a.length; t++) {
            double v = a[t] - b[t];
            s += v * v;
        }
        return Math.sqrt(s);
    }
}
