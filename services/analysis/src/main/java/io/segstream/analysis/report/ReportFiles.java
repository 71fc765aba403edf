package io.segstream.analysis.report;

import io.segstream.analysis.Segmentation;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes the three outputs of an analysis into one directory. */
public final class ReportFiles {

    public static final String REPORT = "report.html";
    public static final String SEGMENTS = "segments.csv";
    public static final String SUMMARY = "summary.json";

    private ReportFiles() {
    }

    public static void write(Analysis a, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(REPORT), HtmlReport.render(a), StandardCharsets.UTF_8);
        SummaryJson.write(a, dir.resolve(SUMMARY));
        Segmentation.Result r = a.segmentation();
        List<String> names = a.segmentNames();
        try (Writer w = Files.newBufferedWriter(dir.resolve(SEGMENTS), StandardCharsets.UTF_8)) {
            // The clustered columns follow, in original units, so the file can be read without the report.
            w.write("customer_id,segment_id,segment_name");
            for (String column : r.table().columns()) {
                w.write("," + csv(column));
            }
            w.write("\n");
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.table().size(); i++) {
                int l = r.labels()[i];
                line.setLength(0);
                line.append(csv(r.table().ids().get(i))).append(',').append(l).append(',').append(csv(names.get(l)));
                for (double v : r.table().values()[i]) {
                    line.append(',').append(v);
                }
                w.write(line.append('\n').toString());
            }
        }
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("'") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
