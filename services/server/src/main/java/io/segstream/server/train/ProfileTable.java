package io.segstream.server.train;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.segstream.avro.KScore;
import io.segstream.avro.Segment;
import io.segstream.avro.SegmentModel;
import io.segstream.trainer.training.RefitReport;

/** The text a trained model is reported with: segment profiles, the k sweep, and what changed since the last one. */
public final class ProfileTable {

    private ProfileTable() {
    }

    /**
     * @param model the model
     * @param report its refit report
     * @return the table, lines ending in {@code \n}
     */
    public static String format(SegmentModel model, RefitReport report) {
        StringBuilder out = new StringBuilder();
        line(out, "Model %s version %d: %,d customers (fitted on %,d), snapshot %s, k=%d by silhouette in %s",
                model.getModelName(), model.getVersion(), model.getCustomerCount(), model.getSampleSize(),
                Instant.ofEpochMilli(model.getSnapshotTime().toEpochMilli()), model.getChosenK(), range(model));
        out.append('\n');
        List<String> features = model.getFeatureNames();
        int nameWidth = Math.max(4, model.getSegments().stream().mapToInt(s -> s.getName().length()).max()
                .orElse(4));
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%4s  %-" + nameWidth + "s  %9s  %6s",
                "id", "name", "size", "share"));
        for (String f : features) {
            header.append(String.format(Locale.ROOT, "  %15s", f));
        }
        out.append(header).append('\n');
        for (Segment s : model.getSegments()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%4d  %-" + nameWidth + "s  %,9d  %5.1f%%",
                    s.getId(), s.getName(), s.getSize(), 100.0 * s.getSize() / model.getCustomerCount()));
            for (double v : s.getCentroidOriginal()) {
                row.append(String.format(Locale.ROOT, "  %,15.2f", v));
            }
            out.append(row).append('\n');
        }
        out.append("(centroids: mean of the members in original units)\n\n");
        line(out, "%4s  %12s  %10s  %12s  %8s", "k", "inertia", "silhouette", "CH", "DB");
        for (KScore k : model.getKScores()) {
            line(out, "%4d  %12.1f  %10.4f  %12.1f  %8.4f%s", k.getK(), k.getInertia(), k.getSilhouette(),
                    k.getCalinskiHarabasz(), k.getDaviesBouldin(), k.getK() == model.getChosenK() ? "  <- chosen" : "");
        }
        out.append('\n');
        if (report.previousVersion().isEmpty()) {
            line(out, "First model of this name: segment ids %s", Arrays.toString(report.created()));
        } else {
            line(out, "Versus version %d: %d matched, new %s, retired %s; %,d of %,d customers change segment (%.2f%%)",
                    report.previousVersion().getAsLong(), report.matched().size(), Arrays.toString(report.created()),
                    Arrays.toString(report.retired()), report.changed(), report.compared(),
                    100 * report.changedShare());
            for (RefitReport.Matched m : report.matched()) {
                line(out, "  segment %d: %s -> %s, centroid moved %.4f", m.segmentId(), m.previousName(), m.name(),
                        m.distance());
            }
        }
        return out.toString();
    }

    /** The swept k range, from the model's per-k scores. */
    private static String range(SegmentModel model) {
        List<KScore> scores = model.getKScores();
        return scores.isEmpty() ? "?" : scores.getFirst().getK() + ".." + scores.getLast().getK();
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
