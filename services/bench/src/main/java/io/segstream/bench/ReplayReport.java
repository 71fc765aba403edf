package io.segstream.bench;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The replay benchmark's results as a table beside the scikit-learn reference, and as JSON. */
final class ReplayReport {

    /** Invoices per second the issue asks of one warm instance with exactly-once. */
    static final double TARGET_INVOICES_PER_SECOND = 50_000;
    /** Bytes of encoded state per customer the issue allows. */
    static final double TARGET_BYTES_PER_CUSTOMER = 256;

    private ReplayReport() {
    }

    static String table(ReplayBench.Result r) {
        Baseline.Result b = r.baseline();
        List<StreamRun> warm = r.warm();
        StreamRun best = warm.stream().max(Comparator.comparingDouble(StreamRun::invoicesPerSecond)).orElseThrow();
        StreamRun median = sortedByRate(warm).get(warm.size() / 2);
        TextTable t = new TextTable("measure", "segstream", "sklearn reference", "target", "met");
        t.row("input", String.format(Locale.ROOT, "%,d invoices, %,d lines", r.invoices(), r.lines()),
                b.ran() ? "same file" : "-", "", "");
        t.row("load / produce", seconds(r.produceSeconds()) + String.format(Locale.ROOT, " (%,.0f invoices/s)",
                r.produceInvoicesPerSecond()), ref(b, "load"), "", "");
        t.row("features, cold pass", ms(r.cold().processMillis()) + " " + rates(r.cold()), ref(b, "features"), "",
                "");
        t.row("features + scoring, warm (median)", ms(median.processMillis()) + " " + rates(median), "", "", "");
        t.row("  warm spread (invoices/s)", spread(warm), "", "", "");
        t.row("  warm best", rates(best), "", String.format(Locale.ROOT, ">= %,.0f invoices/s",
                TARGET_INVOICES_PER_SECOND), yes(best.invoicesPerSecond() >= TARGET_INVOICES_PER_SECOND));
        t.row("features records per invoice (cold / warm)", String.format(Locale.ROOT, "%.2f / %.2f",
                r.cold().featureRecords() / (double) r.invoices(), median.featureRecords() / (double) r.invoices()),
                "", "", "");
        t.row("stream start-up (cold / warm)", ms(r.cold().startupMillis()) + " / " + ms(median.startupMillis()), "",
                "", "");
        t.row("last processed -> committed", ms(r.cold().commitMillis()) + " / " + ms(median.commitMillis()), "", "",
                "");
        t.row("training (k=2..10, 10 inits)", seconds(r.trainSeconds()) + " (k=" + r.chosenK() + ")",
                ref(b, "kmeans_sweep"), "", "");
        t.row("model -> all customers assigned", seconds(r.rescoreSeconds()), "", "", "");
        double half = b.ran() ? b.totalSeconds() / 2 : Double.NaN;
        t.row("end to end, fresh JVM", seconds(r.endToEndSeconds()), b.ran() ? seconds(b.totalSeconds()) : "-",
                b.ran() ? "<= " + seconds(half) : "<= half of reference",
                b.ran() ? yes(r.endToEndSeconds() <= half) : "?");
        t.row("  ratio segstream / reference", b.ran() ? String.format(Locale.ROOT, "%.2f",
                r.endToEndSeconds() / b.totalSeconds()) : "-", "1.00", "<= 0.50",
                b.ran() ? yes(r.endToEndSeconds() / b.totalSeconds() <= 0.5) : "?");
        t.row("running service: replay (produce while streaming)", seconds(r.serviceReplaySeconds())
                + String.format(Locale.ROOT, " (%,.0f invoices/s)", r.invoices() / r.serviceReplaySeconds()),
                "", "", "");
        t.row("running service: training", seconds(r.serviceTrainSeconds()), ref(b, "kmeans_sweep"), "", "");
        t.row("end to end, running service (+ training, re-scoring)", seconds(r.serviceEndToEndSeconds()),
                b.ran() ? seconds(b.totalSeconds()) : "-", b.ran() ? "<= " + seconds(half) : "<= half of reference",
                b.ran() ? yes(r.serviceEndToEndSeconds() <= half) : "?");
        t.row("  ratio segstream / reference", b.ran() ? String.format(Locale.ROOT, "%.2f",
                r.serviceEndToEndSeconds() / b.totalSeconds()) : "-", "1.00", "<= 0.50",
                b.ran() ? yes(r.serviceEndToEndSeconds() / b.totalSeconds() <= 0.5) : "?");
        StateSize s = r.state();
        t.row("state bytes / customer", String.format(Locale.ROOT, "%.1f (state %.1f + assignment %.1f)",
                s.valueBytesPerCustomer(), s.stateValueBytes() / (double) s.customers(),
                s.assignmentValueBytes() / (double) s.customers()), "-",
                String.format(Locale.ROOT, "<= %.0f", TARGET_BYTES_PER_CUSTOMER),
                yes(s.valueBytesPerCustomer() <= TARGET_BYTES_PER_CUSTOMER));
        t.row("  with keys", String.format(Locale.ROOT, "%.1f", s.allBytesPerCustomer()), "", "",
                "");
        t.row("  change history (last 3 changes)", String.format(Locale.ROOT, "%.1f", s.historyBytesPerCustomer()),
                "", "", "");
        t.row("  predicted interests (keys included)", String.format(Locale.ROOT, "%.1f (%,d customers hold one)",
                s.interestBytesPerCustomer(), s.interestEntries()), "", "", "");
        t.row("customers", String.format(Locale.ROOT, "%,d", s.customers()), b.ran() ? "(monetary > 0 only)" : "",
                "", "");
        StringBuilder out = new StringBuilder(t.toString());
        out.append(System.lineSeparator()).append("settings: ").append(r.settings()).append(System.lineSeparator());
        out.append("stack start-up (not in any figure): ").append(seconds(r.stackStartSeconds()))
                .append(System.lineSeparator());
        out.append(b.ran() ? "reference: " + b.note() : "reference skipped: " + b.note())
                .append(System.lineSeparator());
        return out.toString();
    }

    static ObjectNode json(ReplayBench.Result r) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("benchmark", "replay");
        root.put("invoices", r.invoices());
        root.put("lines", r.lines());
        root.put("stack_start_s", r.stackStartSeconds());
        root.put("produce_s", r.produceSeconds());
        root.put("produce_invoices_per_s", r.produceInvoicesPerSecond());
        root.set("cold", run(r.cold()));
        ArrayNode warm = root.putArray("warm");
        r.warm().forEach(w -> warm.add(run(w)));
        root.put("train_s", r.trainSeconds());
        root.put("chosen_k", r.chosenK());
        root.put("rescore_s", r.rescoreSeconds());
        root.put("end_to_end_s", r.endToEndSeconds());
        root.put("service_replay_s", r.serviceReplaySeconds());
        root.put("service_train_s", r.serviceTrainSeconds());
        root.put("service_end_to_end_s", r.serviceEndToEndSeconds());
        ObjectNode state = root.putObject("state");
        state.put("customers", r.state().customers());
        state.put("state_value_bytes", r.state().stateValueBytes());
        state.put("assignment_value_bytes", r.state().assignmentValueBytes());
        state.put("key_bytes", r.state().keyBytes());
        state.put("value_bytes_per_customer", r.state().valueBytesPerCustomer());
        state.put("all_bytes_per_customer", r.state().allBytesPerCustomer());
        ObjectNode settings = root.putObject("settings");
        r.settings().forEach(settings::put);
        root.set("baseline", baseline(r.baseline()));
        if (r.baseline().ran()) {
            root.put("end_to_end_ratio", r.endToEndSeconds() / r.baseline().totalSeconds());
            root.put("service_end_to_end_ratio", r.serviceEndToEndSeconds() / r.baseline().totalSeconds());
        }
        return root;
    }

    static ObjectNode baseline(Baseline.Result b) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("ran", b.ran());
        node.put("note", b.note());
        node.put("wall_s", b.wallSeconds());
        ObjectNode seconds = node.putObject("seconds");
        b.seconds().forEach(seconds::put);
        return node;
    }

    private static ObjectNode run(StreamRun run) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("name", run.name());
        node.put("application_id", run.applicationId());
        node.put("startup_ms", run.startupMillis());
        node.put("process_ms", run.processMillis());
        node.put("commit_ms", run.commitMillis());
        node.put("invoices_per_s", run.invoicesPerSecond());
        node.put("lines_per_s", run.linesPerSecond());
        node.put("feature_records", run.featureRecords());
        return node;
    }

    private static List<StreamRun> sortedByRate(List<StreamRun> runs) {
        return runs.stream().sorted(Comparator.comparingDouble(StreamRun::invoicesPerSecond)).toList();
    }

    private static String spread(List<StreamRun> runs) {
        List<StreamRun> sorted = sortedByRate(runs);
        return String.format(Locale.ROOT, "min %,.0f / median %,.0f / max %,.0f (n=%d)",
                sorted.getFirst().invoicesPerSecond(), sorted.get(sorted.size() / 2).invoicesPerSecond(),
                sorted.getLast().invoicesPerSecond(), sorted.size());
    }

    private static String rates(StreamRun run) {
        return String.format(Locale.ROOT, "%,.0f invoices/s, %,.0f lines/s", run.invoicesPerSecond(),
                run.linesPerSecond());
    }

    private static String ref(Baseline.Result b, String key) {
        Double s = b.seconds().get(key);
        return s == null ? "-" : key + " " + seconds(s);
    }

    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.2f s", s);
    }

    private static String ms(long ms) {
        return String.format(Locale.ROOT, "%,d ms", ms);
    }

    static String yes(boolean met) {
        return met ? "yes" : "NO";
    }
}
