package io.segstream.analysis.report;

import io.segstream.analysis.AttributePreparation;
import io.segstream.analysis.CleaningStep;
import io.segstream.analysis.RetailPreparation;
import io.segstream.analysis.Segmentation;
import io.segstream.ingest.BadRow;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything one {@code analyze} run found, for the report, the CSV and the JSON summary.
 *
 * @param input the file analysed
 * @param format the format used
 * @param rows data rows read
 * @param badRows rows that could not be parsed
 * @param badRowSamples the first of them with line numbers
 * @param steps the preparation rules with their counts
 * @param retail the transaction preparation, {@code null} for attribute tables
 * @param attributes the attribute preparation, {@code null} for transaction files
 * @param segmentation the clustering
 * @param millis wall time of the whole analysis
 */
public record Analysis(Path input, InputFormat format, long rows, long badRows, List<BadRow> badRowSamples,
                List<CleaningStep> steps, RetailPreparation retail, AttributePreparation attributes,
                Segmentation.Result segmentation, long millis) {

    /** Segment name per k-means label. */
    public List<String> segmentNames() {
        return segmentation.segments().stream().map(Segmentation.Segment::name).toList();
    }
}
