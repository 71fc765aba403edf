package io.segstream.stream.scoring;

import java.util.function.BiFunction;

import io.segstream.avro.CustomerAssignment;
import io.segstream.stream.drift.DriftMonitor;
import io.segstream.stream.drift.TaskDrift;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A task's share of the live distribution under the model in use: each customer counted once, in the bins of its
 * latest features and in its segment. A features update moves the customer (its previous features leave, the new
 * ones enter); a new model restarts the counts, which fill again as customers are scored; a (re)started task counts
 * the customers its store already scored with the model.
 */
final class DriftBook {

    private final DriftMonitor monitor;
    private final TaskDrift drift;
    private double[] scratch;

    DriftBook(DriftMonitor monitor) {
        this.monitor = monitor;
        this.drift = monitor.register();
    }

    /**
     * Counts every stored customer that {@code model} already scored, e.g. after a restart or a rebalance.
     *
     * @param customers  the task's customer records
     * @param assignment the assignment of a customer and its record, null for none
     */
    void rebuild(ScoringModel model, KeyValueStore<String, byte[]> customers,
                 BiFunction<String, byte[], CustomerAssignment> assignment) {
        drift.reset(model.version(), model.baseline());
        scratch = new double[model.featureNames().size()];
        try (KeyValueIterator<String, byte[]> it = customers.all()) {
            while (it.hasNext()) {
                var entry = it.next();
                CustomerAssignment a = assignment.apply(entry.key, entry.value);
                if (a != null && a.getModelVersion() != null && a.getModelVersion() == model.version()) {
                    drift.add(model.transformed(a.getFeatures(), scratch), a.getSegmentId(),
                            model.assign(a.getFeatures()).distance());
                }
            }
        }
    }

    /** Starts counting afresh for a new model. */
    void restart(ScoringModel model) {
        drift.reset(model.version(), model.baseline());
        scratch = new double[model.featureNames().size()];
    }

    /**
     * Moves a customer: its previous features (when {@code model} scored them) leave, the new ones enter.
     *
     * @param previous the stored assignment before this update, null for a new customer
     * @param zNow     the new features in model space
     * @param now      the new assignment
     */
    void moved(ScoringModel model, CustomerAssignment previous, double[] zNow, ScoringModel.Match now) {
        if (previous != null) {
            removed(model, previous);
        }
        drift.add(zNow, now.segmentId(), now.distance());
    }

    /** Removes an erased customer, when {@code model} scored it. */
    void removed(ScoringModel model, CustomerAssignment previous) {
        if (previous.getModelVersion() != null && previous.getModelVersion() == model.version()) {
            double[] zOld = model.transformed(previous.getFeatures(), scratch);
            drift.remove(zOld, previous.getSegmentId(), model.assignTransformed(zOld).distance());
        }
    }

    /** Adds a customer scored by the re-scoring pass. */
    void added(double[] z, ScoringModel.Match now) {
        drift.add(z, now.segmentId(), now.distance());
    }

    /** Leaves the monitor, when the task closes. */
    void close() {
        monitor.unregister(drift);
    }
}
