package io.segstream.testing;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** The scikit-learn fixtures of {@code sklearn/} resources of this module, loaded once. */
public final class SklearnFixture {
    public static final String[] FEATURES = {"recency", "frequency", "monetary", "length", "unique_products", "avg_spend"};
    private static SklearnFixture instance;

    public final double[][] raw;
    public final double[][] scaled;
    public final Map<String, int[]> labels = new HashMap<>();
    public final Map<Integer, double[]> metrics = new HashMap<>();
    public final Map<String, Double> values = new HashMap<>();

    private SklearnFixture() {
        List<NamedCsvRecord> rows = read("online_retail_features.csv.gz", true);
        int n = rows.size();
        raw = new double[n][FEATURES.length];
        scaled = new double[n][FEATURES.length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < FEATURES.length; j++) {
                raw[i][j] = Double.parseDouble(rows.get(i).getField("raw_" + FEATURES[j]));
                scaled[i][j] = Double.parseDouble(rows.get(i).getField("scaled_" + FEATURES[j]));
            }
        }
        for (String h : rows.getFirst().getHeader()) {
            if (h.startsWith("kmeans_") || h.startsWith("ward_") || h.startsWith("dbscan_")) {
                int[] l = new int[n];
                for (int i = 0; i < n; i++) {
                    l[i] = Integer.parseInt(rows.get(i).getField(h));
                }
                labels.put(h, l);
            }
        }
        for (NamedCsvRecord r : read("kmeans_metrics.csv", false)) {
            metrics.put(Integer.parseInt(r.getField("k")), new double[] {
                Double.parseDouble(r.getField("inertia")), Double.parseDouble(r.getField("silhouette")),
                Double.parseDouble(r.getField("calinski_harabasz")), Double.parseDouble(r.getField("davies_bouldin"))});
        }
        for (NamedCsvRecord r : read("scaler_and_dbscan.csv", false)) {
            if (!r.getField("name").equals("sklearn_version")) {
                values.put(r.getField("name"), Double.parseDouble(r.getField("value")));
            }
        }
    }

    public static synchronized SklearnFixture load() {
        if (instance == null) {
            instance = new SklearnFixture();
        }
        return instance;
    }

    public int[] kmeansLabels(int k) {
        return labels.get("kmeans_k" + k);
    }

    private static List<NamedCsvRecord> read(String name, boolean gzip) {
        try (InputStream in = SklearnFixture.class.getResourceAsStream("/sklearn/" + name)) {
            InputStream body = gzip ? new GZIPInputStream(in) : in;
            List<NamedCsvRecord> out = new ArrayList<>();
            try (var reader = CsvReader.builder().ofNamedCsvRecord(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                reader.forEach(out::add);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
