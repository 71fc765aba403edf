package io.segstream.app.analyze;

import io.segstream.analysis.report.Analysis;
import io.segstream.analysis.report.Analyzer;
import io.segstream.analysis.report.InputFormat;
import io.segstream.analysis.report.ReportFiles;
import io.segstream.app.produce.MappingSpec;
import io.segstream.analysis.Segmentation;
import io.segstream.ingest.ColumnMapping;
import io.segstream.ingest.ReadOptions;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.trainer.settings.TrainerSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code segstream analyze}: batch segmentation of a file into an HTML report, a segment CSV and a JSON summary. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Cleans, explores and segments a transaction file or a customer-attribute table.",
            "Writes report.html (self-contained), segments.csv (customer, segment and the clustered columns) and summary.json to --out.",
            "Exit codes: 0 written, 1 unusable input, 2 bad options."})
public final class AnalyzeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "Transaction CSV (plain or .gz) or .xlsx workbook, or tab-separated attribute table.")
    Path input;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto", converter = FormatConverter.class,
            description = "online-retail, attributes or auto (from the header). Default: ${DEFAULT-VALUE}.")
    InputFormat format;

    @Option(names = "--mapping", paramLabel = "KEY=COLUMN",
            description = {"Column mapping of a transaction file of another layout; keys: " + MappingSpec.KEYS + ".",
                "time-pattern= and encoding= alone override the detected time format and text encoding."})
    Map<String, String> mapping = new LinkedHashMap<>();

    @Option(names = "--sheet", paramLabel = "NAME",
            description = "Read only this sheet of an .xlsx workbook. Default: every sheet, in workbook order.")
    String sheet;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created).")
    Path out;

    @Option(names = "--min-k", paramLabel = "K", description = "Smallest k the k-means k is chosen from ("
            + TrainerSettings.MIN_K + ", as the trainer). Default: 4; 2 gives the pure silhouette choice. The "
            + "report's silhouette curve covers k = 2..10 whatever the range.")
    String minK;

    @Option(names = "--max-k", paramLabel = "K", description = "Largest k the k-means k is chosen from ("
            + TrainerSettings.MAX_K + ", as the trainer). Default: 8.")
    String maxK;

    @Option(names = "--category-features", description = "For transaction files, also cluster on each customer's "
            + "share of spend per product category (categories from the descriptions; see Interests in docs/models.md).")
    boolean categoryFeatures;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of every random step (" + TrainerSettings.SEED
            + "). Default: 0.")
    String seed;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file; analyze reads "
            + TrainerSettings.MIN_K + ", " + TrainerSettings.MAX_K + " and " + TrainerSettings.SEED
            + " from it, as the trainer does.")
    Path configFile;

    /** Converts the --format label. */
    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<InputFormat> {
        @Override
        public InputFormat convert(String value) {
            return InputFormat.of(value);
        }
    }

    @Override
    public Integer call() throws Exception {
        ColumnMapping columns = columns();
        Segmentation.Options d = Segmentation.Options.defaults();
        Segmentation.Options options;
        try {
            Map<String, String> given = new LinkedHashMap<>();
            if (minK != null) {
                given.put(TrainerSettings.MIN_K, minK);
            }
            if (maxK != null) {
                given.put(TrainerSettings.MAX_K, maxK);
            }
            if (seed != null) {
                given.put(TrainerSettings.SEED, seed);
            }
            SegstreamConfig config = SegstreamConfig.load(Optional.ofNullable(configFile), given);
            int min = config.get(TrainerSettings.MIN_K).isPresent() ? config.getInt(TrainerSettings.MIN_K, 2)
                    : d.minK();
            int max = config.get(TrainerSettings.MAX_K).isPresent() ? config.getInt(TrainerSettings.MAX_K, min)
                    : d.maxK();
            if (max < min) {
                throw new IllegalArgumentException("Setting '" + TrainerSettings.MAX_K + "' must be at least "
                        + min + ", got '" + max + "'");
            }
            long s = config.get(TrainerSettings.SEED).isPresent() ? config.getLong(TrainerSettings.SEED,
                    Long.MIN_VALUE) : d.seed();
            options = new Segmentation.Options(min, max, d.nInit(), s, d.dbscanMinSamples(),
                    Math.max(min, Math.min(d.mixtureMaxK(), max)), d.dendrogramSample());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        PrintWriter err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        if (categoryFeatures && format == InputFormat.ATTRIBUTES) {
            throw new ParameterException(spec.commandLine(), "--category-features needs a transaction file, not an "
                    + "attribute table");
        }
        ReadOptions reading;
        try {
            reading = MappingSpec.readOptions(mapping, sheet);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        Analysis a = Analyzer.run(input, format, columns, reading, options, categoryFeatures, line -> {
            err.printf(Locale.ROOT, "analyze [%5.1fs] %s%n", (System.nanoTime() - t0) / 1e9, line);
            err.flush();
        });
        err.printf(Locale.ROOT, "analyze [%5.1fs] rendering the report%n", (System.nanoTime() - t0) / 1e9);
        err.flush();
        ReportFiles.write(a, out);
        PrintWriter o = spec.commandLine().getOut();
        Segmentation.KChoice k = a.segmentation().kChoice();
        o.printf(Locale.ROOT, "%,d customers, k=%d of %d..%d (silhouette %.4f; highest over %d..%d at k=%d): %s%n",
                a.segmentation().table().size(), k.chosen(), k.minK(), k.maxK(),
                a.segmentation().algorithms().getFirst().silhouette(), Segmentation.CURVE_MIN_K,
                Segmentation.CURVE_MAX_K, k.silhouetteBest(), String.join(", ", a.segmentNames()));
        o.println("Wrote " + out.resolve(ReportFiles.REPORT) + ", " + out.resolve(ReportFiles.SEGMENTS) + ", "
                + out.resolve(ReportFiles.SUMMARY));
        o.flush();
        return 0;
    }

    private ColumnMapping columns() {
        if (mapping.isEmpty()) {
            return null;
        }
        if (format == InputFormat.ATTRIBUTES) {
            throw new ParameterException(spec.commandLine(), "--mapping applies to transaction files, not attributes");
        }
        try {
            return MappingSpec.parse(mapping);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
