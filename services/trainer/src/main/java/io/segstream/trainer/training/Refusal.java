package io.segstream.trainer.training;

/** Why a trained model was not published; the previous model stays in force. */
public enum Refusal {
    /** The snapshot, or its customers eligible for fitting, is smaller than the configured minimum. */
    TOO_FEW_CUSTOMERS,
    /**
     * The snapshot is a sample of a larger topic and holds fewer customers eligible for fitting than the minimum that
     * the largest k tried needs ({@code min-customers}, above {@code max-k}): deletions or customers without spend
     * thinned it. Raising {@code segstream.trainer.sample-above} helps; the topic itself is large enough.
     */
    SAMPLE_TOO_SMALL,
    /** The snapshot or the fitted model holds NaN or infinite values. */
    NON_FINITE,
    /** A segment of the candidate has no customer. */
    EMPTY_SEGMENT,
    /** The candidate has fewer than two segments. */
    TOO_FEW_SEGMENTS,
    /** The feature names differ from the previous model's, so the stream could not swap models safely. */
    FEATURES_CHANGED,
    /** The clustering itself failed, e.g. fewer distinct customers than clusters. */
    FIT_FAILED
}
