package io.segstream.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;

import io.segstream.core.invoice.Invoice;
import io.segstream.testing.RetailForms;
import io.segstream.testing.TestData;

/**
 * Reads a workbook of the first {@code rows} Online Retail rows (written at run time, two sheets) and the same rows
 * as the plain CSV, each {@code runs} times, and prints rows per second and the heap's peak use; run it in a small
 * fixed heap ({@code -Xmx64m}) to show the workbook is streamed. Usage: {@code WorkbookHeapRun [rows] [runs]}.
 * The rows are streamed from the shipped file to the writers, so writing takes no more heap than reading.
 */
public final class WorkbookHeapRun {

    private WorkbookHeapRun() {
    }

    public static void main(String[] args) throws IOException {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("segstream-heap-run-");
        Path xlsx = RetailForms.workbook(() -> shipped(rows), dir.resolve("retail.xlsx"), "Year 2010", "Year 2011");
        Path csv = RetailForms.plainCsv(() -> shipped(rows), dir.resolve("retail.csv"));
        System.out.printf("max heap %d MB; %,d rows: workbook %,d bytes, CSV %,d bytes%n",
                Runtime.getRuntime().maxMemory() >> 20, rows, Files.size(xlsx), Files.size(csv));
        for (Path file : new Path[] {csv, xlsx}) {
            long best = Long.MAX_VALUE;
            long invoices = 0;
            for (int run = 0; run < runs; run++) {
                resetPeaks();
                long start = System.nanoTime();
                invoices = 0;
                try (TransactionReader reader = TransactionReader.open(file)) {
                    for (Invoice ignored : reader) {
                        invoices++;
                    }
                    if (reader.summary().rows() != rows || reader.summary().badRows() != 0) {
                        throw new IllegalStateException(file + ": " + reader.summary());
                    }
                }
                best = Math.min(best, System.nanoTime() - start);
            }
            System.out.printf("%-5s %,d invoices, best of %d: %.2f s, %,.0f rows/s, heap peak %d MB%n",
                    file.getFileName().toString().endsWith("xlsx") ? "xlsx" : "csv", invoices, runs, best / 1e9,
                    rows / (best / 1e9), peakHeap() >> 20);
        }
        Files.delete(xlsx);
        Files.delete(csv);
        Files.delete(dir);
    }

    private static void resetPeaks() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** The sum of the heap pools' peak use since the last reset (an upper bound of the live heap at any moment). */
    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    /** The first {@code limit} rows of the shipped file, read as they are iterated. */
    private static Iterator<String[]> shipped(int limit) {
        BufferedReader in;
        try {
            in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                    Files.newInputStream(TestData.onlineRetail())), StandardCharsets.UTF_8));
            in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Iterator<>() {
            private int read;
            private String next = advance();

            private String advance() {
                try {
                    String line = read++ < limit ? in.readLine() : null;
                    if (line == null) {
                        in.close();
                    }
                    return line;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public String[] next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                String[] row = TestData.split(next);
                next = advance();
                return row;
            }
        };
    }
}
