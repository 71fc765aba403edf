package io.segstream.analysis.report;

import io.segstream.analysis.Dendrogram;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** XChart charts of the report, each rendered to a PNG data URI with one consistent look. */
final class Charts {

    static final int WIDTH = 880;
    static final int HEIGHT = 400;

    /** Colour-blind-safe palette (Okabe-Ito, then Tableau), cycled per series. */
    static final Color[] PALETTE = {new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73),
        new Color(0xCC79A7), new Color(0x56B4E9), new Color(0xD55E00), new Color(0xF0E442), new Color(0x555555),
        new Color(0x8C564B), new Color(0x17BECF)};

    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private Charts() {
    }

    static String bars(String title, String xTitle, String yTitle, List<String> categories, double[] values) {
        CategoryChart c = category(title, xTitle, yTitle);
        c.getStyler().setLegendVisible(false);
        c.getStyler().setXAxisLabelRotation(categories.size() > 8 ? 35 : 0);
        c.addSeries(yTitle, categories, box(values));
        return png(c);
    }

    static String groupedBars(String title, String xTitle, String yTitle, List<String> categories,
                              Map<String, double[]> series) {
        CategoryChart c = category(title, xTitle, yTitle);
        series.forEach((name, v) -> c.addSeries(name, categories, box(v)));
        return png(c);
    }

    /** Lines over categories, one per series: the snake plot. */
    static String categoryLines(String title, String xTitle, String yTitle, List<String> categories,
                                Map<String, double[]> series) {
        CategoryChart c = category(title, xTitle, yTitle);
        c.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        c.getStyler().setOverlapped(true);
        c.getStyler().setXAxisLabelRotation(20);
        c.getStyler().setLegendVisible(series.size() > 1);
        series.forEach((name, v) -> c.addSeries(name, categories, box(v)).setMarker(SeriesMarkers.CIRCLE));
        return png(c);
    }

    /** A histogram of {@code values}, upper-clipped at {@code clipQuantile} (1 = no clipping). */
    static String histogram(String title, String xTitle, double[] values, int bins, double clipQuantile) {
        return histogram(title, xTitle, values, bins, clipQuantile, WIDTH, HEIGHT);
    }

    /** A histogram of the given size. */
    static String histogram(String title, String xTitle, double[] values, int bins, double clipQuantile, int width,
                            int height) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double lo = sorted[0];
        double hi = sorted[Math.min(sorted.length - 1, (int) Math.floor(clipQuantile * (sorted.length - 1)))];
        if (hi <= lo) {
            hi = lo + 1;
        }
        double step = (hi - lo) / bins;
        double[] counts = new double[bins];
        for (double v : values) {
            if (v <= hi) {
                counts[Math.min(bins - 1, (int) ((v - lo) / step))]++;
            }
        }
        List<String> labels = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            labels.add(format(lo + b * step));
        }
        CategoryChart c = new CategoryChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle)
                .yAxisTitle("count").build();
        style(c.getStyler());
        c.getStyler().setLegendVisible(false);
        c.getStyler().setAvailableSpaceFill(0.98);
        c.getStyler().setXAxisMaxLabelCount(8);
        c.getStyler().setXAxisLabelRotation(45);
        c.addSeries("count", labels, box(counts));
        return png(c);
    }

    static String lines(String title, String xTitle, String yTitle, double[] x, Map<String, double[]> series,
                        boolean markers) {
        XYChart c = xy(title, xTitle, yTitle);
        c.getStyler().setLegendVisible(series.size() > 1);
        series.forEach((name, y) -> {
            XYSeries s = c.addSeries(name, x, y);
            s.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        });
        return png(c);
    }

    /** A line plus one highlighted point, e.g. the chosen k or eps. */
    static String lineWithMark(String title, String xTitle, String yTitle, double[] x, double[] y, double markX,
                               double markY, String markName) {
        XYChart c = xy(title, xTitle, yTitle);
        c.addSeries(yTitle, x, y).setMarker(x.length <= 30 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        XYSeries mark = c.addSeries(markName, new double[] {markX}, new double[] {markY});
        mark.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        mark.setMarker(SeriesMarkers.DIAMOND);
        mark.setMarkerColor(new Color(0xD55E00));
        return png(c);
    }

    /**
     * A line with several marked points, each its own legend entry with its own marker and colour.
     *
     * @param marks legend name to the index of the marked point in {@code x}
     */
    static String lineWithMarks(String title, String xTitle, String yTitle, double[] x, double[] y,
                                Map<String, Integer> marks) {
        XYChart c = xy(title, xTitle, yTitle);
        c.addSeries(yTitle, x, y).setMarker(x.length <= 30 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        Color[] colours = {new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7)};
        var markers = List.of(SeriesMarkers.DIAMOND, SeriesMarkers.SQUARE, SeriesMarkers.TRIANGLE_UP);
        int m = 0;
        for (Map.Entry<String, Integer> e : marks.entrySet()) {
            XYSeries mark = c.addSeries(e.getKey(), new double[] {x[e.getValue()]}, new double[] {y[e.getValue()]});
            mark.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            mark.setMarker(markers.get(m % markers.size()));
            mark.setMarkerColor(colours[m % colours.length]);
            m++;
        }
        return png(c);
    }

    static String scatter(String title, String xTitle, String yTitle, double[][] points, int[] labels,
                          List<String> names) {
        XYChart c = xy(title, xTitle, yTitle);
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setMarkerSize(4);
        Map<Integer, List<double[]>> groups = new LinkedHashMap<>();
        for (int i = 0; i < points.length; i++) {
            groups.computeIfAbsent(labels[i], l -> new ArrayList<>()).add(points[i]);
        }
        for (int l = 0; l < names.size(); l++) {
            List<double[]> g = groups.getOrDefault(l, List.of());
            if (g.isEmpty()) {
                continue;
            }
            c.addSeries(names.get(l), g.stream().mapToDouble(p -> p[0]).toArray(),
                    g.stream().mapToDouble(p -> p[1]).toArray()).setMarker(SeriesMarkers.CIRCLE);
        }
        return png(c);
    }

    static String dendrogram(String title, Dendrogram d, double cutHeight) {
        XYChart c = xy(title, "customers (sample, in tree order)", "merge height");
        c.getStyler().setLegendVisible(false);
        c.getStyler().setXAxisTicksVisible(false);
        c.getStyler().setMarkerSize(0);
        c.getStyler().setSeriesColors(new Color[] {new Color(0x0072B2)});
        int i = 0;
        for (Dendrogram.Link l : d.links()) {
            XYSeries s = c.addSeries("m" + i++, new double[] {l.leftX(), l.leftX(), l.rightX(), l.rightX()},
                    new double[] {l.leftHeight(), l.height(), l.height(), l.rightHeight()});
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(l.height() > cutHeight ? new Color(0x999999) : new Color(0x0072B2));
            s.setLineStyle(new BasicStroke(1f));
        }
        XYSeries cut = c.addSeries("cut", new double[] {0, d.leaves() - 1}, new double[] {cutHeight, cutHeight});
        cut.setMarker(SeriesMarkers.NONE);
        cut.setLineColor(new Color(0xD55E00));
        cut.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
        return png(c);
    }

    static String heatmap(String title, List<String> xs, List<String> ys, long[][] values) {
        HeatMapChart c = new HeatMapChartBuilder().width(WIDTH).height(330).title(title).build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setChartTitleFont(TITLE);
        c.getStyler().setAxisTickLabelsFont(TEXT);
        c.getStyler().setLegendFont(TEXT);
        c.getStyler().setPlotBorderVisible(false);
        c.getStyler().setShowValue(false);
        c.getStyler().setRangeColors(new Color[] {new Color(0xF7FBFF), new Color(0x6BAED6), new Color(0x08306B)});
        List<Number[]> cells = new ArrayList<>();
        for (int y = 0; y < values.length; y++) {
            for (int x = 0; x < values[y].length; x++) {
                cells.add(new Number[] {x, y, values[y][x]});
            }
        }
        c.addSeries("invoices", xs, ys, cells);
        return png(c);
    }

    private static CategoryChart category(String title, String xTitle, String yTitle) {
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        style(c.getStyler());
        c.getStyler().setAvailableSpaceFill(0.7);
        return c;
    }

    private static XYChart xy(String title, String xTitle, String yTitle) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        style(c.getStyler());
        return c;
    }

    private static void style(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderVisible(false);
        s.setChartTitleFont(TITLE);
        s.setLegendFont(TEXT);
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setLegendBorderColor(Color.WHITE);
        s.setSeriesColors(PALETTE);
        s.setChartPadding(12);
        if (s instanceof org.knowm.xchart.style.AxesChartStyler a) {
            a.setAxisTitleFont(TEXT);
            a.setAxisTickLabelsFont(TEXT);
            a.setPlotGridLinesColor(new Color(0xE5E5E5));
            a.setYAxisDecimalPattern("#,##0.###");
            a.setPlotGridVerticalLinesVisible(false);
            a.setAxisTickMarksColor(new Color(0x999999));
        }
    }

    private static List<Double> box(double[] v) {
        return Arrays.stream(v).boxed().toList();
    }

    static String format(double v) {
        double a = Math.abs(v);
        if (a >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1fM", v / 1_000_000);
        }
        if (a >= 10_000) {
            return String.format(Locale.ROOT, "%.0fk", v / 1_000);
        }
        return a >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }

    /** The chart as a PNG data URI. */
    static String png(Chart<?, ?> chart) {
        try {
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(
                    BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
