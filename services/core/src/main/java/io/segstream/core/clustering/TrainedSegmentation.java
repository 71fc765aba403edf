package io.segstream.core.clustering;

import java.util.List;

/**
 * A segmentation the trainer fitted, as core values: what the platform's {@code SegmentModelCodec} turns into the Avro
 * {@code SegmentModel}, its one writer.
 *
 * @param modelName          the model's key on the models topic
 * @param version            the version, one above the model it replaces
 * @param trainedAtMillis    wall-clock time of the fit
 * @param snapshotTimeMillis stream time of the feature snapshot
 * @param customerCount      customers on the features topic
 * @param sampleSize         customers the fit used
 * @param featureNames       the features, in vector order
 * @param transform          log1p flags and standard scaling
 * @param segments           the segments, in centroid order
 * @param chosen             the chosen k's fit and scores
 * @param candidates         every k of the sweep, for the report
 * @param trainingShares     each segment's share of the snapshot, in segment order (the drift baseline)
 */
public record TrainedSegmentation(String modelName, long version, long trainedAtMillis, long snapshotTimeMillis,
                                  long customerCount, int sampleSize, List<String> featureNames,
                                  FeatureTransform transform, List<Segment> segments, KSelection.Entry chosen,
                                  List<KSelection.Entry> candidates, List<Double> trainingShares) {

    /** Copies the lists; requires one segment per centroid of the chosen fit. */
    public TrainedSegmentation {
        featureNames = List.copyOf(featureNames);
        segments = List.copyOf(segments);
        candidates = List.copyOf(candidates);
        trainingShares = List.copyOf(trainingShares);
        if (segments.size() != chosen.k()) {
            throw new IllegalArgumentException(segments.size() + " segments for k = " + chosen.k());
        }
    }

    /**
     * One segment.
     *
     * @param id               the stable segment id
     * @param name             its name
     * @param size             customers in it (scaled to the topic when the snapshot is a sample)
     * @param centroid         the centroid in transformed space
     * @param centroidOriginal its members' mean in original units
     */
    public record Segment(int id, String name, long size, double[] centroid, double[] centroidOriginal) {
    }
}
