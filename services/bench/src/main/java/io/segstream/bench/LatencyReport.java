package io.segstream.bench;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The latency benchmark's results as tables and as JSON. */
final class LatencyReport {

    /** The target: p99 at 5,000 invoices/s. */
    static final double TARGET_RATE = 5_000;
    static final long TARGET_P99_MILLIS = 200;

    private LatencyReport() {
    }

    static String describe(LatencyBench.Point p) {
        return String.format(Locale.ROOT, "commit.interval.ms=%d rate %,.0f: sent %,.0f/s, processed %,.0f/s, "
                        + "lag end %,d max %,d, drain %d ms; features %s; changes %s", p.commitIntervalMs(),
                p.offeredRate(), p.producedRate(), p.processedRate(), p.lagAtEnd(), p.maxLag(), p.drainMillis(),
                brief(p.features()), brief(p.changes()));
    }

    private static String brief(LatencySummary s) {
        return String.format(Locale.ROOT, "n=%,d p50=%d p99=%d p99.9=%d max=%d ms", s.count(), s.p50(), s.p99(),
                s.p999(), s.max());
    }

    static String table(LatencyBench.Result r, List<Integer> intervals) {
        TextTable t = new TextTable("commit.interval.ms", "offered/s", "sent/s", "processed/s", "max lag",
                "path", "n", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "kept up");
        for (LatencyBench.Point p : r.points()) {
            for (String path : List.of("invoice -> features", "invoice -> segment change")) {
                LatencySummary s = path.endsWith("features") ? p.features() : p.changes();
                boolean first = path.endsWith("features");
                t.row(first ? String.valueOf(p.commitIntervalMs()) : "", first ? num(p.offeredRate()) : "",
                        first ? num(p.producedRate()) : "", first ? num(p.processedRate()) : "",
                        first ? String.format(Locale.ROOT, "%,d", p.maxLag()) : "", path,
                        String.format(Locale.ROOT, "%,d", s.count()), String.valueOf(s.p50()),
                        String.valueOf(s.p99()), String.valueOf(s.p999()), String.valueOf(s.max()),
                        first ? ReplayReport.yes(p.keptUp()) : "");
            }
        }
        StringBuilder out = new StringBuilder(t.toString()).append(System.lineSeparator());
        TextTable summary = new TextTable("commit.interval.ms", "max sustainable rate (of those tried)",
                "p99 invoice -> change at 5k/s", "target p99 <= 200 ms at 5k/s");
        for (int interval : intervals) {
            var at5k = r.points().stream().filter(p -> p.commitIntervalMs() == interval
                    && p.offeredRate() == TARGET_RATE).findFirst();
            summary.row(String.valueOf(interval), num(r.maxSustainableRate(interval)) + " invoices/s",
                    at5k.map(p -> p.changes().p99() + " ms (features " + p.features().p99() + " ms)").orElse("not run"),
                    at5k.map(p -> ReplayReport.yes(p.keptUp() && p.changes().p99() <= TARGET_P99_MILLIS
                            && p.features().p99() <= TARGET_P99_MILLIS)).orElse("?"));
        }
        out.append(summary).append(System.lineSeparator());
        out.append(String.format(Locale.ROOT, "model v%d, k=%d; latency = receive wall time (read_committed) - "
                + "segstream.sent-at%n", r.modelVersion(), r.chosenK()));
        return out.toString();
    }

    static ObjectNode json(LatencyBench.Result r, List<Integer> intervals, Baseline.Result baseline) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("benchmark", "latency");
        root.put("model_version", r.modelVersion());
        root.put("chosen_k", r.chosenK());
        ArrayNode points = root.putArray("points");
        for (LatencyBench.Point p : r.points()) {
            ObjectNode node = points.addObject();
            node.put("commit_interval_ms", p.commitIntervalMs());
            node.put("offered_per_s", p.offeredRate());
            node.put("sent_per_s", p.producedRate());
            node.put("processed_per_s", p.processedRate());
            node.put("lag_at_end", p.lagAtEnd());
            node.put("max_lag", p.maxLag());
            node.put("drain_ms", p.drainMillis());
            node.put("kept_up", p.keptUp());
            node.set("features_ms", summary(p.features()));
            node.set("changes_ms", summary(p.changes()));
        }
        ObjectNode max = root.putObject("max_sustainable_per_s");
        intervals.forEach(i -> max.put(String.valueOf(i), r.maxSustainableRate(i)));
        if (baseline != null) {
            root.set("baseline", ReplayReport.baseline(baseline));
        }
        return root;
    }

    private static ObjectNode summary(LatencySummary s) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("count", s.count());
        node.put("p50", s.p50());
        node.put("p99", s.p99());
        node.put("p99_9", s.p999());
        node.put("max", s.max());
        node.put("mean", s.mean());
        return node;
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }
}
