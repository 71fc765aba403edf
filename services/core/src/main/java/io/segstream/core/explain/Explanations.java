package io.segstream.core.explain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Why a customer is in a segment, feature by feature, in the model's scaled space. The nearest-centroid rule compares
 * squared distances, and a difference of squared distances splits exactly into per-feature terms:
 * {@code |z - f|^2 - |z - t|^2 = sum_j (z_j - f_j)^2 - (z_j - t_j)^2}. Each explanation gives every feature's term
 * (its contribution), largest first; the contributions sum to the explained total. A positive contribution pulls the
 * customer towards the new segment {@code t}, away from {@code f}.
 */
public final class Explanations {

    private Explanations() {
    }

    /**
     * One feature's part.
     *
     * @param feature      the feature's index in the model
     * @param before       its value before, in original units (a customer's feature, or a centroid's)
     * @param after        its value after
     * @param contribution its term of the explained total
     */
    public record Item(int feature, double before, double after, double contribution) {
    }

    /**
     * An explanation: the items, largest contribution first, and their sum.
     *
     * @param items the features
     * @param total the explained difference of squared distances
     */
    public record Explanation(List<Item> items, double total) {

        /** Each item's share of the total; 0 for a zero total. */
        public double share(Item item) {
            return total == 0 ? 0 : item.contribution() / total;
        }
    }

    /**
     * The customer moved from segment {@code from} to {@code to} under one model: how much each feature's move
     * changed {@code |z - f|^2 - |z - t|^2}, which went from negative (nearer {@code from}) to positive. Per feature
     * the term is {@code 2 (t_j - f_j)(after_j - before_j)}: movement along the line between the two centroids.
     *
     * @param zBefore   the earlier features, scaled
     * @param zAfter    the current features, scaled
     * @param from      the earlier segment's centroid, scaled
     * @param to        the new segment's centroid, scaled
     * @param rawBefore the earlier features in original units
     * @param rawAfter  the current features in original units
     */
    public static Explanation moved(double[] zBefore, double[] zAfter, double[] from, double[] to, double[] rawBefore,
                                    double[] rawAfter) {
        // The boundary's change with the same centroids before and after.
        return boundary(zBefore, from, to, zAfter, from, to, rawBefore, rawAfter);
    }

    /**
     * Why the customer is in {@code nearest} rather than the runner-up: each feature's term of
     * {@code |z - runnerUp|^2 - |z - nearest|^2}. For a first assignment, before and after are both the customer's
     * value.
     *
     * @param z        the features, scaled
     * @param nearest  the assigned segment's centroid, scaled
     * @param runnerUp the second-nearest centroid, scaled
     * @param raw      the features in original units
     */
    public static Explanation nearest(double[] z, double[] nearest, double[] runnerUp, double[] raw) {
        int d = check(z, nearest, runnerUp, raw);
        List<Item> items = new ArrayList<>(d);
        for (int j = 0; j < d; j++) {
            items.add(new Item(j, raw[j], raw[j], square(z[j] - runnerUp[j]) - square(z[j] - nearest[j])));
        }
        return sorted(items);
    }

    /**
     * A new model moved the boundary, not the customer: each feature's change of {@code |z - f|^2 - |z - t|^2}
     * from the old model (its transform and centroids) to the new one, with before and after the new segment's
     * centroid in original units under each model.
     *
     * @param zOld      the features scaled by the old model
     * @param fromOld   the old segment's centroid in the old model
     * @param toOld     the new segment's centroid in the old model
     * @param zNew      the features scaled by the new model
     * @param fromNew   the old segment's centroid in the new model
     * @param toNew     the new segment's centroid in the new model
     * @param toOriginalOld the new segment's centroid in original units, old model (the item's before)
     * @param toOriginalNew the same in the new model (the item's after)
     */
    public static Explanation boundary(double[] zOld, double[] fromOld, double[] toOld, double[] zNew,
                                       double[] fromNew, double[] toNew, double[] toOriginalOld,
                                       double[] toOriginalNew) {
        int d = check(zOld, fromOld, toOld, zNew, fromNew, toNew, toOriginalOld, toOriginalNew);
        List<Item> items = new ArrayList<>(d);
        for (int j = 0; j < d; j++) {
            double now = square(zNew[j] - fromNew[j]) - square(zNew[j] - toNew[j]);
            double then = square(zOld[j] - fromOld[j]) - square(zOld[j] - toOld[j]);
            items.add(new Item(j, toOriginalOld[j], toOriginalNew[j], now - then));
        }
        return sorted(items);
    }

    private static Explanation sorted(List<Item> items) {
        double total = 0;
        for (Item item : items) {
            total += item.contribution();
        }
        items.sort(Comparator.comparingDouble(Item::contribution).reversed());
        return new Explanation(List.copyOf(items), total);
    }

    private static int check(double[]... vectors) {
        int d = vectors[0].length;
        for (double[] v : vectors) {
            if (v.length != d) {
                throw new IllegalArgumentException("vectors of " + d + " and " + v.length + " features");
            }
        }
        return d;
    }

    private static double square(double x) {
        return x * x;
    }
}
