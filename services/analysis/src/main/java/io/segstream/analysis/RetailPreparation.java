package io.segstream.analysis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import io.segstream.analysis.interest.Interests;
import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.core.cleaning.CleaningStats;
import io.segstream.core.clustering.SegmentNamer;
import io.segstream.core.features.BatchFeatures;
import io.segstream.core.features.FeatureVector;
import io.segstream.core.features.Features;
import io.segstream.core.features.ProductDictionary;
import io.segstream.core.interest.FirstInvoice;
import io.segstream.core.invoice.Invoice;
import io.segstream.ingest.ColumnMapping;
import io.segstream.ingest.ReadOptions;
import io.segstream.ingest.ReadSummary;
import io.segstream.ingest.TransactionReader;

/**
 * A transaction file turned into the customer table of the reference pipeline ({@code baseline_sklearn.py}):
 * the pandas-equivalent cleaning, the six RFM features at the latest invoice time, customers with positive
 * monetary only; exploratory aggregates on the way.
 *
 * @param read what the reader saw
 * @param stats the cleaning counters
 * @param steps the preparation rules with their counts
 * @param eda the exploratory aggregates
 * @param table the customers to cluster
 * @param asOfMillis the reference time of the features
 * @param clv the BG/NBD calibration/holdout check, null when the file spans too little time for one
 * @param scores the lifetime-value fit on the whole file and each table customer's scores, null when no customer
 *     repeated (or the fit cannot be used)
 * @param interests the product and interest categories and the evaluation of interest prediction
 */
public record RetailPreparation(ReadSummary read, CleaningStats stats, List<CleaningStep> steps,
                                RetailEda.Summary eda, CustomerTable table, long asOfMillis, ClvValidation clv,
                                ClvScores scores, Interests interests) {

    /** The policy of the reference: keep cancellations as negative amounts, fees everywhere, no bounds. */
    public static final CleaningPolicy POLICY = CleaningPolicy.pandasEquivalent();

    /**
     * Reads and prepares a transaction file.
     *
     * @param file the file
     * @param mapping its layout, {@code null} to detect it from the header
     * @param progress receives a line every 100,000 invoices
     * @throws io.segstream.ingest.TransactionFileException when the file cannot be read
     * @throws InputFileException when no customer remains
     */
    public static RetailPreparation of(Path file, ColumnMapping mapping, Consumer<String> progress) {
        return of(file, mapping, progress, false);
    }

    /**
     * Reads and prepares a transaction file, optionally with each customer's spend share per product category as
     * extra clustered columns (see {@link CategoryShares}).
     *
     * @param file the file
     * @param mapping its layout, {@code null} to detect it from the header
     * @param progress receives a line every 100,000 invoices
     * @param categoryShares whether to append the category shares to the clustered columns
     * @throws io.segstream.ingest.TransactionFileException when the file cannot be read
     * @throws InputFileException when no customer remains, or the shares were asked for and the file has too few
     *     products to categorise
     */
    public static RetailPreparation of(Path file, ColumnMapping mapping, Consumer<String> progress,
            boolean categoryShares) {
        return of(file, mapping, ReadOptions.DETECT, progress, categoryShares);
    }

    /**
     * As {@link #of(Path, ColumnMapping, Consumer, boolean)}, with the encoding, time pattern and sheet to read
     * with ({@code null} components detected); what was detected is reported to {@code progress}.
     */
    public static RetailPreparation of(Path file, ColumnMapping mapping, ReadOptions options,
            Consumer<String> progress, boolean categoryShares) {
        RetailEda eda = new RetailEda(POLICY);
        ClvValidation.PurchaseDays purchaseDays = new ClvValidation.PurchaseDays();
        List<Invoice> sales = new ArrayList<>();
        BatchFeatures.States states;
        ReadSummary read;
        try (TransactionReader reader = TransactionReader.open(file, mapping, options,
                TransactionReader.DEFAULT_OPEN_INVOICES)) {
            ReadSummary opened = reader.summary();
            progress.accept("read as layout " + opened.format() + ", time " + opened.timePattern() + ", encoding "
                    + opened.encoding());
            long[] count = {0};
            Iterable<Invoice> tapped = () -> new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return reader.hasNext();
                }

                @Override
                public Invoice next() {
                    Invoice invoice = reader.next();
                    eda.accept(invoice);
                    purchaseDays.accept(invoice);
                    if (FirstInvoice.counts(invoice)) {
                        sales.add(invoice);
                    }
                    if (++count[0] % 100_000 == 0) {
                        progress.accept(String.format(Locale.ROOT, "read %,d invoices (%,d rows)", count[0],
                                reader.summary().rows()));
                    }
                    return invoice;
                }
            };
            states = BatchFeatures.states(tapped, POLICY, new ProductDictionary());
            read = reader.summary();
        }
        progress.accept(String.format(Locale.ROOT, "read %,d rows, %,d invoices, %,d bad rows", read.rows(),
                read.invoices(), read.badRows()));
        if (states.states().isEmpty()) {
            throw new InputFileException(file, 0, "no invoice with a customer id survived cleaning ("
                    + read.rows() + " rows read, " + read.badRows() + " bad)");
        }
        long asOf = states.maxInvoiceMillis();
        Map<String, Features> features = states.features(asOf);
        List<String> ids = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        features.forEach((id, f) -> {
            if (f.monetaryE4() > 0) {
                ids.add(id);
                rows.add(FeatureVector.of(f));
            }
        });
        int dropped = features.size() - ids.size();
        if (ids.isEmpty()) {
            throw new InputFileException(file, 0, "no customer with positive monetary value");
        }
        boolean[] log1p = new boolean[FeatureVector.NAMES.size()];
        Arrays.fill(log1p, true);
        CustomerTable table = new CustomerTable(ids, FeatureVector.NAMES, rows.toArray(double[][]::new), log1p,
                new SegmentNamer.Columns(0, 1, 2), List.of(), new double[ids.size()][0]);
        if (categoryShares) {
            try {
                table = CategoryShares.append(table, sales);
            } catch (IllegalArgumentException e) {
                throw new InputFileException(file, 0, "category shares need product categories: " + e.getMessage());
            }
            progress.accept("segmenting on " + table.columns());
        }
        CleaningStats s = states.stats();
        List<CleaningStep> steps = List.of(
                new CleaningStep("unparsable row (bad number, date or column count)", "rows", read.badRows(),
                        "removed"),
                new CleaningStep("no customer id", "invoices", s.notSegmentable(), "removed"),
                new CleaningStep("quantity or price beyond bounds", "invoices", s.invalid(), "removed"),
                new CleaningStep("exact duplicate line within an invoice", "lines", s.duplicateLines(), "removed"),
                new CleaningStep("cancellation or return", "invoices", s.returns(),
                        "kept as negative amounts (as the reference)"),
                new CleaningStep("fee or adjustment line (postage, manual, ...)", "lines", s.feeLines(),
                        "kept in monetary and products (as the reference)"),
                new CleaningStep("customer with monetary <= 0", "customers", dropped, "removed"));
        ClvValidation clv = null;
        try {
            clv = ClvValidation.of(purchaseDays.byCustomer());
        } catch (IllegalArgumentException e) {
            progress.accept("lifetime value check skipped: " + e.getMessage());
        }
        ClvScores scores = null;
        try {
            scores = ClvScores.of(ids, features, asOf);
        } catch (IllegalArgumentException e) {
            progress.accept("lifetime values skipped: " + e.getMessage());
        }
        return new RetailPreparation(read, s, steps, eda.summary(), table, asOf, clv, scores,
                Interests.of(sales, progress));
    }
}
