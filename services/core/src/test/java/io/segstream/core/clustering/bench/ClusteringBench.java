package io.segstream.core.clustering.bench;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import io.segstream.core.clustering.ClusterMetrics;
import io.segstream.core.clustering.KMeans;
import io.segstream.core.clustering.KSelection;
import io.segstream.core.clustering.RowMatrix;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

/**
 * Wall-clock benchmark of the clustering kernel, to compare with scikit-learn
 * ({@code services/core/src/test/python/bench_sklearn.py} runs the same workloads).
 *
 * <pre>
 * sweep FEATURES.csv[.gz] [REPEATS]   k=2..10, n_init=10, silhouette/CH/DB per k, on the
 *                                     {@code scaled_*} columns (e.g. the sklearn fixture)
 * synthetic N D K [BIN]               KMeans k=K with n_init=1 and 10 on N seeded Gaussian-mixture
 *                                     rows of D features; BIN, if given, receives the matrix as
 *                                     little-endian float64 for numpy.fromfile
 * </pre>
 * Prints time and peak heap; the first sweep repeat includes JIT warm-up.
 */
public final class ClusteringBench {
    private ClusteringBench() {
    }

    /**
     * Runs a benchmark.
     *
     * @param args see the class comment.
     * @throws IOException when a file cannot be read or written.
     */
    public static void main(String[] args) throws IOException {
        if (args.length >= 2 && args[0].equals("sweep")) {
            sweep(readScaled(Path.of(args[1])), args.length > 2 ? Integer.parseInt(args[2]) : 3);
        } else if (args.length >= 4 && args[0].equals("synthetic")) {
            int n = Integer.parseInt(args[1]);
            int d = Integer.parseInt(args[2]);
            int k = Integer.parseInt(args[3]);
            double[] v = gaussianMixture(n, d, k, 42);
            if (args.length > 4) {
                write(Path.of(args[4]), v);
            }
            synthetic(RowMatrix.of(n, d, v), k);
        } else {
            System.err.println("usage: sweep FEATURES.csv[.gz] [REPEATS] | synthetic N D K [BIN]");
            System.exit(2);
        }
    }

    private static void sweep(RowMatrix x, int repeats) {
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            KSelection s = KSelection.fit(x, KSelection.Options.defaults());
            double secs = (System.nanoTime() - t0) / 1e9;
            if (r == repeats - 1) {
                for (KSelection.Entry e : s.entries()) {
                    ClusterMetrics.Scores m = e.scores();
                    print("k=%d inertia=%.1f silhouette=%.4f CH=%.1f DB=%.3f iter=%d", e.k(), e.inertia(),
                            m.silhouette(), m.calinskiHarabasz(), m.daviesBouldin(), e.model().iterations());
                }
                print("best_k=%d elbow_k=%d", s.bestK(), s.elbowK());
            }
            print("sweep rows=%d repeat=%d seconds=%.3f peak_heap_mb=%d", x.rows(), r, secs, peakHeapMb());
        }
    }

    private static void synthetic(RowMatrix x, int k) {
        for (int nInit : new int[] {1, 10}) {
            long t0 = System.nanoTime();
            KMeans m = KMeans.fit(x, KMeans.Options.of(k).withNInit(nInit));
            double secs = (System.nanoTime() - t0) / 1e9;
            print("kmeans rows=%d cols=%d k=%d n_init=%d seconds=%.3f inertia=%.1f iterations=%d peak_heap_mb=%d",
                    x.rows(), x.cols(), k, nInit, secs, m.inertia(), m.iterations(), peakHeapMb());
        }
    }

    /** Rows from k spherical Gaussians with seeded centres in [-5, 5]^d and spreads in [0.5, 2]. */
    static double[] gaussianMixture(int n, int d, int k, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] centres = new double[k][d];
        double[] sd = new double[k];
        for (int j = 0; j < k; j++) {
            for (int t = 0; t < d; t++) {
                centres[j][t] = rng.nextDouble(-5, 5);
            }
            sd[j] = rng.nextDouble(0.5, 2);
        }
        double[] v = new double[n * d];
        for (int i = 0; i < n; i++) {
            int j = rng.nextInt(k);
            for (int t = 0; t < d; t++) {
                double g = Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
                v[i * d + t] = centres[j][t] + sd[j] * g;
            }
        }
        return v;
    }

    private static RowMatrix readScaled(Path path) throws IOException {
        List<double[]> rows = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(path);
             InputStream in = path.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             var reader = CsvReader.builder().ofNamedCsvRecord(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String> cols = null;
            for (NamedCsvRecord r : reader) {
                if (cols == null) {
                    cols = r.getHeader().stream().filter(h -> h.startsWith("scaled_")).toList();
                }
                double[] row = new double[cols.size()];
                for (int j = 0; j < row.length; j++) {
                    row[j] = Double.parseDouble(r.getField(cols.get(j)));
                }
                rows.add(row);
            }
        }
        return RowMatrix.of(rows.toArray(new double[0][]));
    }

    private static void write(Path path, double[] v) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(v.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asDoubleBuffer().put(v);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
    }

    private static long peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }

    private static void print(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
