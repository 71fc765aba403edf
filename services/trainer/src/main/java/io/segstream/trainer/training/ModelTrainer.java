package io.segstream.trainer.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;

import io.segstream.avro.Segment;
import io.segstream.avro.SegmentModel;
import io.segstream.core.clustering.ClusterMetrics;
import io.segstream.core.clustering.FeatureTransform;
import io.segstream.core.clustering.KMeans;
import io.segstream.core.clustering.KSelection;
import io.segstream.core.clustering.LabelAlignment;
import io.segstream.core.clustering.RowMatrix;
import io.segstream.core.clustering.SegmentNamer;
import io.segstream.core.clustering.TrainedSegmentation;
import io.segstream.core.clv.ClvFit;
import io.segstream.core.features.Feature;
import io.segstream.core.scoring.SegmentCentroids;
import io.segstream.platform.mapping.SegmentModelCodec;
import io.segstream.trainer.snapshot.FeatureSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a feature snapshot into the next {@link SegmentModel}: log1p and standard scaling, a k-means sweep with k
 * chosen by silhouette, names from the centroid profiles, ids carried over from the previous model, then the
 * guards. Kafka-free, so it is tested on the real data set without a broker.
 */
public final class ModelTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(ModelTrainer.class);

    private ModelTrainer() {
    }

    /**
     * Trains one model.
     *
     * @param snapshot the customers, in {@code options.featureNames()} order
     * @param previous the model in force, whose ids and version continue
     * @param options the options
     * @param trainedAtMillis the wall-clock time to record
     * @return the model with its refit report, or why there is none
     */
    public static TrainingOutcome train(FeatureSnapshot read, Optional<SegmentModel> previous,
            TrainingOptions options, long trainedAtMillis) {
        FeatureSnapshot snapshot = read;
        Optional<TrainingOutcome.Refused> refused = ModelGuard.checkSnapshot(snapshot, previous, options);
        if (refused.isPresent()) {
            return refused.get();
        }
        long started = System.nanoTime();
        Optional<ClvFit.LifetimeFit> lifetime = LifetimeValueFit.fit(snapshot);
        boolean lifetimeColumns = LifetimeColumns.needed(options.featureNames());
        if (lifetimeColumns) {
            if (lifetime.isEmpty()) {
                return new TrainingOutcome.Refused(Refusal.FIT_FAILED, "Features " + options.featureNames()
                        + " include lifetime-value scores, and this snapshot gives no usable lifetime-value fit (no"
                        + " customer with a repeat purchase day, or parameters the formulas cannot use)");
            }
            snapshot = LifetimeColumns.scored(snapshot, lifetime.get().model());
        }
        int[] fitIndex = fitRows(snapshot, options);
        if (fitIndex.length < options.minCustomers() && snapshot.sampled()) {
            return new TrainingOutcome.Refused(Refusal.SAMPLE_TOO_SMALL,
                    ModelGuard.sampleTooSmall(fitIndex.length, snapshot, options));
        }
        if (fitIndex.length < options.minCustomers()) {
            return new TrainingOutcome.Refused(Refusal.TOO_FEW_CUSTOMERS, "Only " + fitIndex.length + " of "
                    + snapshot.size() + " customers have monetary > 0 and every feature, the minimum is "
                    + options.minCustomers());
        }
        double[][] fit = rows(snapshot, fitIndex);
        FeatureTransform transform = FeatureTransform.fit(fit);
        if (lifetimeColumns) {
            snapshot = LifetimeColumns.imputed(snapshot, transform);
        }
        RowMatrix x = transform.apply(fit);
        KSelection selection;
        try {
            selection = KSelection.fit(x, new KSelection.Options(options.minK(), options.maxK(),
                    new KMeans.Options(options.minK(), options.nInit(), 300, 1e-4, options.seed()),
                    new ClusterMetrics.SilhouetteOptions(options.silhouetteExactLimit(), options.seed())));
        } catch (IllegalArgumentException e) {
            return new TrainingOutcome.Refused(Refusal.FIT_FAILED, e.getMessage());
        }
        KSelection.Entry chosen = selection.entries().stream().filter(e -> e.k() == selection.bestK())
                .findFirst().orElseThrow();
        double[][] centroids = chosen.model().centroids();
        Optional<SegmentCentroids> before = previous.flatMap(ModelTrainer::geometry);
        LabelAlignment alignment = align(before, transform, centroids);
        List<String> names = names(transform, centroids, fit, options.featureNames(),
                previousNames(previous, alignment, centroids.length));

        SnapshotTally assigned = SnapshotTally.of(snapshot, transform, centroids, alignment.ids(), before);
        List<TrainedSegmentation.Segment> segments = new ArrayList<>();
        for (int j = 0; j < centroids.length; j++) {
            segments.add(new TrainedSegmentation.Segment(alignment.idOf(j), names.get(j),
                    scaled(assigned.sizes()[j], snapshot), centroids[j], assigned.means()[j]));
        }
        TrainedSegmentation trained = new TrainedSegmentation(options.modelName(),
                previous.map(p -> p.getVersion() + 1).orElse(1L), trainedAtMillis, snapshot.snapshotTimeMillis(),
                snapshot.customerCount(), fitIndex.length, options.featureNames(), transform, segments, chosen,
                selection.entries(), DriftReference.shares(assigned.sizes()));
        SegmentModel model = SegmentModelCodec.encode(trained,
                DriftReference.bins(snapshot, transform, options.featureNames()), lifetime.orElse(null));
        refused = ModelGuard.checkCandidate(model);
        if (refused.isPresent()) {
            return refused.get();
        }
        RefitReport report = report(previous, alignment, names, assigned);
        return new TrainingOutcome.Trained(model, report, (System.nanoTime() - started) / 1_000_000);
    }

    /** A segment size counted on the snapshot, scaled to the whole topic when the snapshot is a sample. */
    private static long scaled(long size, FeatureSnapshot snapshot) {
        return snapshot.sampled() ? Math.round(size * (double) snapshot.customerCount() / snapshot.size()) : size;
    }

    /**
     * The rows to fit on: customers with monetary &gt; 0 when asked, then, above {@code maxFitRows}, a seeded
     * uniform sample without replacement, in snapshot order so the fit does not depend on the draw order.
     */
    static int[] fitRows(FeatureSnapshot snapshot, TrainingOptions options) {
        int monetary = options.featureNames().indexOf(Feature.MONETARY.wireName());
        int[] eligible = new int[snapshot.size()];
        int m = 0;
        for (int i = 0; i < snapshot.size(); i++) {
            if ((!options.positiveMonetaryOnly() || snapshot.get(i, monetary) > 0)
                    && !LifetimeColumns.missing(snapshot, i)) {
                eligible[m++] = i;
            }
        }
        if (m <= options.maxFitRows()) {
            return Arrays.copyOf(eligible, m);
        }
        SplittableRandom rng = new SplittableRandom(options.seed());
        int s = options.maxFitRows();
        for (int i = 0; i < s; i++) {
            int j = i + rng.nextInt(m - i);
            int t = eligible[i];
            eligible[i] = eligible[j];
            eligible[j] = t;
        }
        int[] sample = Arrays.copyOf(eligible, s);
        Arrays.sort(sample);
        return sample;
    }

    private static double[][] rows(FeatureSnapshot snapshot, int[] index) {
        double[][] out = new double[index.length][];
        for (int r = 0; r < index.length; r++) {
            out[r] = snapshot.row(index[r], new double[snapshot.dimension()]);
        }
        return out;
    }

    /** Per new cluster, the name of the previous segment it continues, null for a new one. */
    private static List<String> previousNames(Optional<SegmentModel> previous, LabelAlignment alignment, int k) {
        List<String> names = new ArrayList<>(Collections.nCopies(k, null));
        for (LabelAlignment.Match m : alignment.matched()) {
            previous.flatMap(p -> p.getSegments().stream().filter(s -> s.getId() == m.segmentId()).findFirst())
                    .ifPresent(s -> names.set(m.cluster(), s.getName()));
        }
        return names;
    }

    /**
     * Names from the centroids mapped back to original units, ranked against the fitted customers; continued
     * segments prefer their previous name.
     */
    private static List<String> names(FeatureTransform transform, double[][] centroids, double[][] fit,
            List<String> features, List<String> previousNames) {
        int r = features.indexOf(Feature.RECENCY.wireName());
        int f = features.indexOf(Feature.FREQUENCY.wireName());
        int m = features.indexOf(Feature.MONETARY.wireName());
        if (r < 0 || f < 0 || m < 0) {
            List<String> plain = new ArrayList<>();
            for (int j = 0; j < centroids.length; j++) {
                plain.add("Segment " + (j + 1));
            }
            return plain;
        }
        double[][] profiles = new double[centroids.length][];
        for (int j = 0; j < centroids.length; j++) {
            profiles[j] = transform.invert(centroids[j], new double[centroids[j].length]);
        }
        SegmentNamer.Columns columns = new SegmentNamer.Columns(r, f, m);
        return SegmentNamer.name(profiles, columns, SegmentNamer.Population.of(fit, columns), previousNames);
    }

    /** Previous centroids are moved into the new model space through original units, where both agree. */
    private static LabelAlignment align(Optional<SegmentCentroids> previous, FeatureTransform transform,
            double[][] centroids) {
        if (previous.isEmpty()) {
            return LabelAlignment.align(new double[0][], new int[0], centroids);
        }
        SegmentCentroids p = previous.get();
        double[][] moved = new double[p.centroids().length][];
        for (int j = 0; j < moved.length; j++) {
            double[] original = p.transform().invert(p.centroids()[j], new double[transform.dimension()]);
            moved[j] = transform.apply(original, original);
        }
        return LabelAlignment.align(moved, p.ids(), centroids);
    }

    private static RefitReport report(Optional<SegmentModel> previous, LabelAlignment alignment, List<String> names,
            SnapshotTally assigned) {
        if (previous.isEmpty()) {
            return new RefitReport(OptionalLong.empty(), List.of(), alignment.ids(), new int[0], 0, 0);
        }
        List<RefitReport.Matched> matched = new ArrayList<>();
        for (LabelAlignment.Match m : alignment.matched()) {
            String before = previous.get().getSegments().stream().filter(s -> s.getId() == m.segmentId())
                    .map(Segment::getName).findFirst().orElseThrow();
            matched.add(new RefitReport.Matched(m.segmentId(), before, names.get(m.cluster()), m.distance()));
        }
        return new RefitReport(OptionalLong.of(previous.get().getVersion()), matched, alignment.created(),
                alignment.retired(), assigned.compared(), assigned.changed());
    }

    /** The previous model's geometry; one that does not decode is not aligned with (new ids), with a warning. */
    private static Optional<SegmentCentroids> geometry(SegmentModel previous) {
        try {
            return Optional.of(SegmentModelCodec.decode(previous));
        } catch (SegmentModelCodec.InvalidModelException e) {
            LOG.warn("Previous model not usable for aligning segment ids: {}", e.getMessage());
            return Optional.empty();
        }
    }
}
