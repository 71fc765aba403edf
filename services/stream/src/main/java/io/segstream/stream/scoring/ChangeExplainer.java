package io.segstream.stream.scoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.segstream.avro.ChangeCause;
import io.segstream.avro.CustomerAssignment;
import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.ExplanationKind;
import io.segstream.avro.FeatureContribution;
import io.segstream.core.clustering.KMeans;
import io.segstream.core.explain.Explanations;

/**
 * Explains a segment change with the core's {@link Explanations}, choosing what to explain from the cause: a
 * behaviour or aging change by how the customer's features moved, a model update by how the boundary moved between
 * the previous model and the new one, a first assignment by the margin over the runner-up segment. Runs only when a
 * change is emitted.
 */
final class ChangeExplainer {

    /**
     * An explanation as the change event carries it.
     *
     * @param kind  what is explained
     * @param items every feature, largest contribution first
     * @param total the explained difference of squared distances
     */
    record Result(ExplanationKind kind, List<FeatureContribution> items, double total) {
        static final Result NONE = new Result(ExplanationKind.NONE, List.of(), 0);
    }

    private ChangeExplainer() {
    }

    /**
     * @param cause         why the customer moved
     * @param model         the model of the new assignment
     * @param previousModel the model it replaced in this task, null when none
     * @param previous      the customer's earlier assignment, null on a first assignment
     * @param features      the features now
     * @param toIndex       the new segment's centroid index in {@code model}
     */
    static Result explain(ChangeCause cause, ScoringModel model, ScoringModel previousModel,
                          CustomerAssignment previous, CustomerFeatures features, int toIndex) {
        boolean hadSegment = previous != null && previous.getSegmentId() != null;
        double[] raw = model.vector(features);
        double[] z = model.transformed(features, new double[raw.length]);
        if (hadSegment && (cause == ChangeCause.BEHAVIOUR || cause == ChangeCause.AGING)) {
            int from = model.indexOf(previous.getSegmentId());
            if (from >= 0) {
                double[] rawBefore = model.vector(previous.getFeatures());
                double[] zBefore = model.transformed(previous.getFeatures(), new double[raw.length]);
                return result(ExplanationKind.CUSTOMER_MOVED, model, Explanations.moved(zBefore, z,
                        model.centroids()[from], model.centroids()[toIndex], rawBefore, raw));
            }
        }
        if (hadSegment && cause == ChangeCause.MODEL_UPDATE && previousModel != null
                && previous.getModelVersion() != null && previous.getModelVersion() == previousModel.version()) {
            int segment = model.segmentIds()[toIndex];
            int fromOld = previousModel.indexOf(previous.getSegmentId());
            int toOld = previousModel.indexOf(segment);
            int fromNew = model.indexOf(previous.getSegmentId());
            if (fromOld >= 0 && toOld >= 0 && fromNew >= 0) {
                double[] zOld = previousModel.transformed(features, new double[raw.length]);
                return result(ExplanationKind.BOUNDARY_MOVED, model, Explanations.boundary(zOld,
                        previousModel.centroids()[fromOld], previousModel.centroids()[toOld], z,
                        model.centroids()[fromNew], model.centroids()[toIndex],
                        profile(previousModel, toOld, raw.length), profile(model, toIndex, raw.length)));
            }
        }
        // The scorer's own nearest-two search, so the runner-up is the one scoring saw (toIndex is its nearest).
        int[] runnerUpIndex = new int[1];
        KMeans.nearestTwo(model.centroids(), z, new double[2], runnerUpIndex);
        int runnerUp = runnerUpIndex[0];
        if (runnerUp < 0) {
            return Result.NONE;
        }
        return result(ExplanationKind.NEAREST_SEGMENT, model, Explanations.nearest(z, model.centroids()[toIndex],
                model.centroids()[runnerUp], raw));
    }

    private static Result result(ExplanationKind kind, ScoringModel model, Explanations.Explanation e) {
        List<FeatureContribution> items = new ArrayList<>(e.items().size());
        for (Explanations.Item item : e.items()) {
            items.add(new FeatureContribution(model.featureNames().get(item.feature()), item.before(), item.after(),
                    item.contribution(), e.share(item)));
        }
        return new Result(kind, items, e.total());
    }

    /** A segment's centroid in original units; NaN values when the model carries none. */
    private static double[] profile(ScoringModel model, int index, int d) {
        double[] p = model.profiles()[index];
        if (p.length == d) {
            return p;
        }
        double[] unknown = new double[d];
        Arrays.fill(unknown, Double.NaN);
        return unknown;
    }
}
