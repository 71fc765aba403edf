package io.segstream.core.clustering;

import java.util.ArrayList;
import java.util.List;

/**
 * Sweeps the number of clusters, fitting the best of {@code nInit} k-means runs per k and
 * scoring each with the internal indices; picks k by the highest silhouette and also reports the
 * elbow of the inertia curve.
 *
 * @param entries one entry per k, in increasing k.
 * @param bestK the k with the highest silhouette (smallest k on ties).
 * @param elbowK the k farthest from the chord joining the first and last point of the inertia
 *               curve, both axes normalised to [0, 1] (Kneedle's knee for a convex decreasing curve).
 */
public record KSelection(List<Entry> entries, int bestK, int elbowK) {

    /**
     * Sweep options.
     *
     * @param minK the smallest k, at least 2 (the indices need two clusters).
     * @param maxK the largest k.
     * @param kmeans restarts, iterations, tolerance and seed for every k; its own k is ignored.
     * @param silhouette the silhouette options.
     */
    public record Options(int minK, int maxK, KMeans.Options kmeans, ClusterMetrics.SilhouetteOptions silhouette) {
        /** Validates the range. */
        public Options {
            if (minK < 2 || maxK < minK) {
                throw new IllegalArgumentException("Invalid k range: " + minK + ".." + maxK);
            }
            if (kmeans == null || silhouette == null) {
                throw new IllegalArgumentException("kmeans and silhouette options are required");
            }
        }

        /** @return k = 2..10, sklearn's k-means defaults, exact silhouette up to 10,000 rows. */
        public static Options defaults() {
            return new Options(2, 10, KMeans.Options.of(2), ClusterMetrics.SilhouetteOptions.defaults());
        }
    }

    /**
     * The model and scores of one k.
     *
     * @param k the number of clusters.
     * @param model the best k-means run.
     * @param scores silhouette, Calinski-Harabasz and Davies-Bouldin of its labels.
     */
    public record Entry(int k, KMeans model, ClusterMetrics.Scores scores) {
        /** @return the model's inertia. */
        public double inertia() {
            return model.inertia();
        }
    }

    /** Copies the entries. */
    public KSelection {
        entries = List.copyOf(entries);
    }

    /**
     * The entry of one k.
     *
     * @param k a swept k.
     * @return its entry.
     * @throws IllegalArgumentException when {@code k} was not swept.
     */
    public Entry entry(int k) {
        int i = k - entries.getFirst().k();
        if (i < 0 || i >= entries.size()) {
            throw new IllegalArgumentException("k=" + k + " was not swept (" + entries.getFirst().k() + ".."
                    + entries.getLast().k() + ")");
        }
        return entries.get(i);
    }

    /**
     * The k with the highest silhouette within a range, smallest k on ties: the choice when the sweep is wider
     * than the range a user acts on (e.g. the whole curve is shown, k is chosen among 4..8).
     *
     * @param min the smallest k allowed.
     * @param max the largest k allowed.
     * @return the best k of the swept ones in {@code [min, max]}.
     * @throws IllegalArgumentException when no swept k lies in the range.
     */
    public int bestWithin(int min, int max) {
        Entry best = null;
        for (Entry e : entries) {
            boolean inRange = e.k() >= min && e.k() <= max;
            if (inRange && (best == null || e.scores().silhouette() > best.scores().silhouette())) {
                best = e;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("No swept k in " + min + ".." + max + " (swept "
                    + entries.getFirst().k() + ".." + entries.getLast().k() + ")");
        }
        return best.k();
    }

    /**
     * Runs the sweep.
     *
     * @param x the scaled rows; more than {@code maxK} of them.
     * @param options the options.
     * @return the per-k results and the chosen k.
     */
    public static KSelection fit(RowMatrix x, Options options) {
        if (x.rows() <= options.maxK()) {
            throw new IllegalArgumentException("n_samples=" + x.rows() + " must exceed maxK=" + options.maxK());
        }
        List<KMeans> models = new ArrayList<>();
        for (int k = options.minK(); k <= options.maxK(); k++) {
            KMeans.Options o = options.kmeans();
            models.add(KMeans.fit(x, new KMeans.Options(k, o.nInit(), o.maxIter(), o.tol(), o.seed())));
        }
        // One pass over the row pairs scores every k: the pairwise distances do not depend on the labels.
        double[] silhouettes = ClusterMetrics.silhouettes(x, models.stream().map(KMeans::labelsView).toList(),
                options.silhouette());
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            int[] labels = models.get(i).labelsView();
            entries.add(new Entry(options.minK() + i, models.get(i), new ClusterMetrics.Scores(silhouettes[i],
                    ClusterMetrics.calinskiHarabasz(x, labels), ClusterMetrics.daviesBouldin(x, labels))));
        }
        Entry best = entries.getFirst();
        for (Entry e : entries) {
            if (e.scores().silhouette() > best.scores().silhouette()) {
                best = e;
            }
        }
        double[] ks = new double[entries.size()];
        double[] inertia = new double[entries.size()];
        for (int i = 0; i < ks.length; i++) {
            ks[i] = entries.get(i).k();
            inertia[i] = entries.get(i).inertia();
        }
        return new KSelection(entries, best.k(), (int) ks[elbow(ks, inertia)]);
    }

    /**
     * Index of the point farthest below the chord from the first to the last point, after
     * normalising both axes to [0, 1]; the first index when the curve is a straight line.
     *
     * @param x increasing abscissae.
     * @param y the curve.
     * @return the index of the elbow.
     */
    static int elbow(double[] x, double[] y) {
        int m = x.length;
        if (m < 3) {
            return 0;
        }
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (double v : y) {
            yMin = Math.min(yMin, v);
            yMax = Math.max(yMax, v);
        }
        double ySpan = yMax - yMin == 0 ? 1 : yMax - yMin;
        double xSpan = x[m - 1] - x[0];
        double y0 = (y[0] - yMin) / ySpan;
        double y1 = (y[m - 1] - yMin) / ySpan;
        int best = 0;
        double bestGap = 0;
        for (int i = 1; i < m - 1; i++) {
            double t = (x[i] - x[0]) / xSpan;
            double chord = y0 + t * (y1 - y0);
            double gap = chord - (y[i] - yMin) / ySpan;
            if (gap > bestGap) {
                bestGap = gap;
                best = i;
            }
        }
        return best;
    }
}
