package io.segstream.stream.scoring;

/** A model the stream will not score with; the current model stays. */
public final class ModelRejectedException extends Exception {

    public ModelRejectedException(String message) {
        super(message);
    }
}
