package io.segstream.analysis.report;

import io.segstream.analysis.AttributePreparation;
import io.segstream.analysis.RetailPreparation;
import io.segstream.analysis.Segmentation;
import io.segstream.ingest.BadRow;
import io.segstream.ingest.ColumnMapping;
import io.segstream.ingest.ReadOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** Prepares an input of either format and segments it. */
public final class Analyzer {

    private Analyzer() {
    }

    /**
     * @param file the input
     * @param format its format, or {@link InputFormat#AUTO}
     * @param mapping transaction layout, {@code null} to detect it
     * @param options the segmentation options
     * @param progress receives progress lines
     */
    public static Analysis run(Path file, InputFormat format, ColumnMapping mapping, Segmentation.Options options,
                        Consumer<String> progress) {
        return run(file, format, mapping, options, false, progress);
    }

    /**
     * @param file the input
     * @param format its format, or {@link InputFormat#AUTO}
     * @param mapping transaction layout, {@code null} to detect it
     * @param options the segmentation options
     * @param categoryShares for transactions, also cluster on each customer's spend share per product category
     * @param progress receives progress lines
     */
    public static Analysis run(Path file, InputFormat format, ColumnMapping mapping, Segmentation.Options options,
                        boolean categoryShares, Consumer<String> progress) {
        return run(file, format, mapping, ReadOptions.DETECT, options, categoryShares, progress);
    }

    /**
     * @param file the input
     * @param format its format, or {@link InputFormat#AUTO}
     * @param mapping transaction layout, {@code null} to detect it
     * @param reading encoding, time pattern and sheet of a transaction file, {@code null} components detected
     * @param options the segmentation options
     * @param categoryShares for transactions, also cluster on each customer's spend share per product category
     * @param progress receives progress lines
     */
    public static Analysis run(Path file, InputFormat format, ColumnMapping mapping, ReadOptions reading,
                        Segmentation.Options options, boolean categoryShares, Consumer<String> progress) {
        long t0 = System.nanoTime();
        InputFormat resolved = mapping != null && format == InputFormat.AUTO ? InputFormat.ONLINE_RETAIL
                : format.resolve(file);
        progress.accept("reading " + file + " as " + resolved);
        if (resolved == InputFormat.ATTRIBUTES) {
            AttributePreparation a = AttributePreparation.of(file);
            progress.accept(a.table().size() + " customers after preparation");
            Segmentation.Result r = Segmentation.run(a.table(), options, progress);
            return new Analysis(file, resolved, a.rows(), a.badRows().size(),
                    a.badRows().subList(0, Math.min(20, a.badRows().size())), a.steps(), null, a, r, millis(t0));
        }
        RetailPreparation p = RetailPreparation.of(file, mapping, reading, progress, categoryShares);
        progress.accept(p.table().size() + " customers after cleaning");
        Segmentation.Result r = Segmentation.run(p.table(), options, progress);
        List<BadRow> samples = p.read().badRowSamples();
        return new Analysis(file, resolved, p.read().rows(), p.read().badRows(),
                samples.subList(0, Math.min(20, samples.size())), p.steps(), p, null, r, millis(t0));
    }

    private static long millis(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
