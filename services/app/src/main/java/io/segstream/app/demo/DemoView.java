package io.segstream.app.demo;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.segstream.avro.ChangeCause;
import io.segstream.avro.SegmentModel;
import io.segstream.stream.scoring.ScoringReadModel;
import io.segstream.stream.validation.IntakeCounters;

/**
 * The demo's terminal view: throughput, dead letters, the model in use, segment sizes and transitions of the last
 * minute. Redraws the screen on a terminal; prints one compact line per refresh otherwise.
 */
final class DemoView {

    private static final int BAR = 30;

    private final PrintWriter out;
    private final boolean terminal;
    private final String title;
    private final List<String> addresses;
    private final Deque<Snapshot> history = new ArrayDeque<>();

    private record Snapshot(long nanos, long invoices, Map<ChangeCause, Long> changes) {
    }

    /**
     * @param addresses lines telling where the broker, registry, API and metrics are; repeated on every redraw, since
     *                  clearing the screen would otherwise wipe them
     */
    DemoView(PrintWriter out, boolean terminal, String title, List<String> addresses) {
        this.out = out;
        this.terminal = terminal;
        this.title = title;
        this.addresses = List.copyOf(addresses);
    }

    void render(DemoPipeline demo) {
        IntakeCounters intake = demo.stream().counters();
        ScoringReadModel scoring = demo.stream().scoring();
        Map<ChangeCause, Long> changes = new EnumMap<>(ChangeCause.class);
        for (ChangeCause cause : ChangeCause.values()) {
            changes.put(cause, scoring.changes(cause));
        }
        long now = System.nanoTime();
        Snapshot current = new Snapshot(now, intake.inputs(), changes);
        history.addLast(current);
        while (history.size() > 2 && now - history.peekFirst().nanos() > 60_000_000_000L) {
            history.removeFirst();
        }
        Snapshot oldest = history.peekFirst();
        double seconds = Math.max(1e-9, (now - oldest.nanos()) / 1e9);
        double rate = (current.invoices() - oldest.invoices()) / seconds;
        long clock = demo.stream().clock().millis();
        String streamTime = clock == Long.MIN_VALUE ? "-" : Instant.ofEpochMilli(clock).toString().substring(0, 10);
        String model = demo.lastCycle().flatMap(c -> c.model()).map(DemoView::describe).orElse("no model yet");
        if (!terminal) {
            out.printf(Locale.ROOT, "invoices %,d (%,.0f/s) dead letters %,d stream time %s, %s, changes %,d%n",
                    current.invoices(), rate, intake.deadLetters(), streamTime, model, scoring.changes());
            out.flush();
            return;
        }
        StringBuilder screen = new StringBuilder("\033[H\033[2J");
        screen.append(title).append("\n\n");
        screen.append(String.format(Locale.ROOT, "stream time %s   invoices %,d (%,.0f/s)   dead letters %,d%n",
                streamTime, current.invoices(), rate, intake.deadLetters()));
        screen.append("model       ").append(model).append("\n\n");
        screen.append(segments(scoring));
        screen.append("\ntransitions in the last minute:");
        for (ChangeCause cause : ChangeCause.values()) {
            long n = changes.get(cause) - oldest.changes().getOrDefault(cause, 0L);
            if (cause != ChangeCause.UNKNOWN) {
                screen.append(String.format(Locale.ROOT, "  %s %,d", cause, n));
            }
        }
        screen.append("\n\n");
        addresses.forEach(line -> screen.append(line).append('\n'));
        screen.append("\nCtrl-C stops the demo.\n");
        out.print(screen);
        out.flush();
    }

    private static String describe(SegmentModel m) {
        return String.format(Locale.ROOT, "v%d  k=%d  silhouette %.3f  trained on %,d customers", m.getVersion(),
                m.getChosenK(), m.getSilhouette(), m.getSampleSize());
    }

    static String segments(ScoringReadModel scoring) {
        // The segments of the model in use, and any older segment that still holds customers not yet re-scored.
        Map<Integer, Long> sizes = new TreeMap<>();
        for (int id : scoring.modelSegments()) {
            sizes.put(id, 0L);
        }
        scoring.segmentSizes().forEach((id, n) -> {
            if (n != 0 || sizes.containsKey(id)) {
                sizes.put(id, n);
            }
        });
        Map<Integer, String> names = scoring.segmentNames();
        long total = sizes.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-4s %-24s %10s %7s%n", "id", "segment",
                "customers", "share"));
        sizes.forEach((id, n) -> {
            double share = total == 0 ? 0 : (double) n / total;
            table.append(String.format(Locale.ROOT, "%-4d %-24s %,10d %6.1f%% %s%n", id, names.get(id), n,
                    share * 100, "#".repeat((int) Math.round(share * BAR))));
        });
        return table.toString();
    }
}
