package io.segstream.trainer;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.core.features.BatchFeatures;
import io.segstream.core.features.Feature;
import io.segstream.core.features.FeatureVector;
import io.segstream.core.features.Features;
import io.segstream.core.features.ProductDictionary;
import io.segstream.ingest.TransactionReader;
import io.segstream.core.invoice.Invoice;
import io.segstream.testing.TestData;
import io.segstream.trainer.snapshot.FeatureSnapshot;

/** The shipped UCI Online Retail invoices, read once, and the features of every customer at a cut-off. */
public final class RetailData {

    private static List<Invoice> invoices;

    private RetailData() {
    }

    /** The repository's {@code data/} directory (the shared {@link TestData} lookup). */
    public static Path dataDir() {
        return TestData.dataDir();
    }

    /** All invoices of the file, cached. */
    public static synchronized List<Invoice> invoices() {
        if (invoices == null) {
            try (TransactionReader reader = TransactionReader.open(TestData.onlineRetail())) {
                invoices = reader.stream().toList();
            }
        }
        return invoices;
    }

    /** The latest invoice time of the file. */
    public static long lastInvoiceMillis() {
        return invoices().stream().mapToLong(Invoice::invoiceTimeMillis).max().orElseThrow();
    }

    /**
     * Features of every customer from the invoices up to {@code cutoffMillis}, as of the latest of them, with the
     * rules of the pandas reference.
     */
    public static Map<String, Features> featuresUpTo(long cutoffMillis) {
        List<Invoice> upTo = invoices().stream().filter(i -> i.invoiceTimeMillis() <= cutoffMillis).toList();
        BatchFeatures.States states = BatchFeatures.states(upTo, CleaningPolicy.pandasEquivalent(),
                new ProductDictionary());
        return states.features(states.maxInvoiceMillis());
    }

    /** One month before the end of the file. */
    public static long monthBeforeEnd() {
        return Instant.ofEpochMilli(lastInvoiceMillis()).atOffset(ZoneOffset.UTC).minusMonths(1).toInstant()
                .toEpochMilli();
    }

    /** The snapshot a trainer would read after the stream had applied {@code features}, purchase days included. */
    public static FeatureSnapshot snapshot(Map<String, Features> features) {
        return snapshot(features, FeatureVector.NAMES);
    }

    /**
     * The same over {@code names}; lifetime-value columns read as missing (NaN), as before the stream had a fit.
     */
    public static FeatureSnapshot snapshot(Map<String, Features> features, List<String> names) {
        String[] ids = features.keySet().toArray(String[]::new);
        int d = names.size();
        double[] values = new double[ids.length * d];
        long[] purchases = new long[ids.length * FeatureSnapshot.PURCHASE_FIELDS];
        long asOf = Long.MIN_VALUE;
        for (int i = 0; i < ids.length; i++) {
            Features f = features.get(ids[i]);
            for (int j = 0; j < d; j++) {
                Feature feature = Feature.of(names.get(j));
                values[i * d + j] = feature.needsLifetimeFit() ? Double.NaN : feature.of(f);
            }
            asOf = Math.max(asOf, f.asOfMillis());
            FeatureSnapshot.putPurchaseHistory(purchases, i, f.purchases());
        }
        return new FeatureSnapshot(ids, values, names, asOf, Map.of(), ids.length, 0, ids.length, purchases);
    }
}
