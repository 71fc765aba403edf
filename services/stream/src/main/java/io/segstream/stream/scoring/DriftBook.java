package io.segstream.stream.scoring;

import java.util.function.BiFunction;

import io.segstream.avro.CustomerAssignment;
import io.segstream.avro.CustomerFeatures;
import io.segstream.stream.drift.DriftMonitor;
import io.segstream.stream.drift.TaskDrift;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A task's segment sizes and drift counts (see {@link TaskDrift}). Sizes follow each customer's stored assignment.
 * Drift counts of the live model fill as it scores customers; while its re-scoring pass runs, the previous complete
 * model (the settled one) keeps scoring each update too, so its counts stay whole and drift is reported on them
 * until every task finished the pass. A (re)started task counts what its store holds; it has no settled model, as
 * the models store keeps only the newest.
 */
final class DriftBook {

    private final DriftMonitor monitor;
    private final TaskDrift drift;
    private ScoringModel live;
    private ScoringModel settled;
    private double[] scratch;
    private double[] settledScratch;

    DriftBook(DriftMonitor monitor) {
        this.monitor = monitor;
        this.drift = monitor.register();
    }

    /**
     * Counts the task's customers again: every assigned one in its segment, and in the drift counts those that
     * {@code model} (null before any) already scored, e.g. after a restart or a rebalance.
     *
     * @param complete   whether {@code model}'s re-scoring pass is done in this task
     * @param customers  the task's customer records
     * @param assignment the assignment of a customer and its record, null for none
     */
    void rebuild(ScoringModel model, boolean complete, KeyValueStore<String, byte[]> customers,
                 BiFunction<String, byte[], CustomerAssignment> assignment) {
        live = model;
        settled = null;
        drift.restart(model == null ? -1 : model.version(), model == null ? null : model.baseline());
        scratch = model == null ? null : new double[model.featureNames().size()];
        try (KeyValueIterator<String, byte[]> it = customers.all()) {
            while (it.hasNext()) {
                var entry = it.next();
                CustomerAssignment a = assignment.apply(entry.key, entry.value);
                if (a == null || a.getSegmentId() == null) {
                    continue;
                }
                drift.assign(null, null, a.getSegmentId(), a.getModelVersion());
                if (model != null && a.getModelVersion() != null && a.getModelVersion() == model.version()) {
                    double[] z = model.transformed(a.getFeatures(), scratch);
                    drift.addLive(z, a.getSegmentId(), model.assignTransformed(z).distance());
                }
            }
        }
        if (model != null && complete) {
            drift.completeLive();
        }
    }

    /** A newer model replaces the live one; the live one, when complete, becomes the settled one. */
    void swap(ScoringModel model) {
        if (drift.swap(model.version(), model.baseline())) {
            settled = live;
            settledScratch = new double[settled.featureNames().size()];
        }
        live = model;
        scratch = new double[model.featureNames().size()];
    }

    /** The live model's re-scoring pass is done in this task. */
    void complete() {
        drift.completeLive();
    }

    /** Stops scoring for the settled model once the instance reports drift for a newer one. */
    void release() {
        if (settled != null && monitor.reportedVersion() > settled.version()) {
            drift.dropSettled();
            settled = null;
        }
    }

    /**
     * A features update: the customer moves in the sizes, in the live counts (its previous features leave when the
     * live model scored them, the new ones enter), and in the settled counts.
     *
     * @param previous the stored assignment before this update, null for a new customer
     * @param features the new features
     * @param zNow     the new features in the live model's space
     * @param now      the new assignment
     */
    void moved(CustomerAssignment previous, CustomerFeatures features, double[] zNow, ScoringModel.Match now) {
        removeLive(previous);
        drift.addLive(zNow, now.segmentId(), now.distance());
        moveSettled(previous, features);
        drift.assign(segment(previous), version(previous), now.segmentId(), live.version());
    }

    /** Removes an erased customer everywhere it is counted. */
    void removed(CustomerAssignment previous) {
        if (live != null) {
            removeLive(previous);
        }
        moveSettled(previous, null);
        drift.assign(segment(previous), version(previous), null, null);
    }

    /** A customer the re-scoring pass scored with the live model: its features are unchanged. */
    void rescored(CustomerAssignment previous, double[] z, ScoringModel.Match now) {
        drift.addLive(z, now.segmentId(), now.distance());
        drift.assign(segment(previous), version(previous), now.segmentId(), live.version());
    }

    private void removeLive(CustomerAssignment previous) {
        if (previous != null && previous.getSegmentId() != null && previous.getModelVersion() != null
                && previous.getModelVersion() == live.version()) {
            double[] zOld = live.transformed(previous.getFeatures(), scratch);
            drift.removeLive(zOld, previous.getSegmentId(), live.assignTransformed(zOld).distance());
        }
    }

    /** Every assigned customer is in the settled counts (its pass was complete), with its stored features. */
    private void moveSettled(CustomerAssignment previous, CustomerFeatures features) {
        if (settled == null) {
            return;
        }
        double[] zFrom = null;
        ScoringModel.Match from = null;
        if (previous != null && previous.getSegmentId() != null) {
            zFrom = settled.transformed(previous.getFeatures(), settledScratch).clone();
            from = settled.assignTransformed(zFrom);
        }
        double[] zTo = null;
        ScoringModel.Match to = null;
        if (features != null) {
            zTo = settled.transformed(features, settledScratch);
            to = settled.assignTransformed(zTo);
        }
        drift.moveSettled(zFrom, from == null ? 0 : from.segmentId(), from == null ? 0 : from.distance(),
                zTo, to == null ? 0 : to.segmentId(), to == null ? 0 : to.distance());
    }

    private static Integer segment(CustomerAssignment a) {
        return a == null ? null : a.getSegmentId();
    }

    private static Long version(CustomerAssignment a) {
        return a == null ? null : a.getModelVersion();
    }

    /** Leaves the monitor, when the task closes. */
    void close() {
        monitor.unregister(drift);
    }
}
