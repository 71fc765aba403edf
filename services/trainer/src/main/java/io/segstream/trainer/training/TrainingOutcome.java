package io.segstream.trainer.training;

import java.util.Objects;

import io.segstream.avro.SegmentModel;

/** The result of one training attempt: a model ready to publish, or the reason there is none. */
public sealed interface TrainingOutcome {

    /**
     * A model that passed every guard.
     *
     * @param model the model to publish
     * @param report how it relates to the previous model
     * @param fitMillis wall time of transform, k sweep, naming and alignment
     */
    record Trained(SegmentModel model, RefitReport report, long fitMillis) implements TrainingOutcome {
        /** Validates. */
        public Trained {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(report, "report");
        }

        /**
         * @param replaced the model to publish instead, e.g. with the interest model added
         * @return this outcome with {@code replaced}
         */
        public Trained withModel(SegmentModel replaced) {
            return new Trained(replaced, report, fitMillis);
        }
    }

    /**
     * No model: the previous one must be kept.
     *
     * @param reason the guard that refused
     * @param detail a human explanation naming the offending value
     */
    record Refused(Refusal reason, String detail) implements TrainingOutcome {
        /** Validates. */
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
