package io.segstream.stream.console;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import io.segstream.avro.ChangeCause;
import io.segstream.stream.drift.DriftMonitor;
import io.segstream.stream.drift.DriftSnapshot;
import io.segstream.stream.features.StreamClock;
import io.segstream.stream.scoring.ScoringReadModel;
import io.segstream.stream.scoring.ScoringModel;

/**
 * What the web console shows, from this instance's counters: sampled once a second (segment sizes by stream time,
 * the same counts as the {@code segstream_segment_customers} gauges; the cumulative transitions), and assembled into
 * one JSON-ready map per request. Transitions come in two matrices: customers' own moves, and the moves a model
 * update made. Thread-safe.
 */
public final class ConsoleData {

    /** Samples kept: ten minutes at one a second. */
    static final int SAMPLES = 600;
    /** The transition matrix covers the changes of the last this many samples (a minute). */
    static final int WINDOW = 60;

    private record Sample(long wallMillis, long streamMillis, Map<Integer, Long> sizes,
                          Map<ScoringReadModel.Transition, Long> transitions) {
    }

    private final ScoringReadModel scoring;
    private final DriftMonitor drift;
    private final StreamClock clock;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    public ConsoleData(ScoringReadModel scoring, DriftMonitor drift, StreamClock clock) {
        this.scoring = scoring;
        this.drift = drift;
        this.clock = clock;
    }

    /** Takes one sample; the console's scheduler calls it every second. */
    public synchronized void sample() {
        long stream = clock.millis();
        if (stream == Long.MIN_VALUE) {
            return;
        }
        Sample s = new Sample(System.currentTimeMillis(), stream, drift.snapshot().sizes(), scoring.transitions());
        Sample last = samples.peekLast();
        // While the stream is idle nothing changes: keep the series short.
        if (last != null && last.streamMillis() == stream && last.sizes().equals(s.sizes())
                && last.transitions().equals(s.transitions())) {
            return;
        }
        samples.addLast(s);
        if (samples.size() > SAMPLES) {
            samples.removeFirst();
        }
    }

    /** Everything the page draws. */
    public synchronized Map<String, Object> overview() {
        Map<String, Object> out = new LinkedHashMap<>();
        long stream = clock.millis();
        out.put("streamTime", stream == Long.MIN_VALUE ? null : Instant.ofEpochMilli(stream).toString());
        ScoringModel model = scoring.newestModel();
        Map<Integer, String> names = scoring.segmentNames();
        out.put("model", model == null ? null : info(model.info()));
        out.put("models", scoring.modelHistory().stream().map(ConsoleData::info).toList());
        out.put("rejectedModels", scoring.rejectedModels());
        out.put("segments", segments(model));
        out.put("sizes", sizes(names));
        out.put("transitions", transitions(false));
        out.put("modelTransitions", transitions(true));
        DriftSnapshot snapshot = drift.snapshot();
        out.put("rescoreProgress", snapshot.rescoreProgress());
        Map<String, Object> psi = new LinkedHashMap<>();
        psi.put("modelVersion", snapshot.version() < 0 ? null : snapshot.version());
        psi.put("features", snapshot.baseline() == null ? Map.of() : snapshot.featurePsi());
        double segmentPsi = snapshot.segmentPsi();
        psi.put("segments", Double.isNaN(segmentPsi) ? null : segmentPsi);
        out.put("psi", psi);
        return out;
    }

    private static Map<String, Object> info(ScoringModel.Info info) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", info.version());
        m.put("k", info.k());
        m.put("silhouette", info.silhouette());
        m.put("trainedAt", Instant.ofEpochMilli(info.trainedAtMillis()).toString());
        return m;
    }

    /** The model's segments with their profiles in original units. */
    private static List<Map<String, Object>> segments(ScoringModel model) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (model == null) {
            return out;
        }
        for (int i = 0; i < model.segmentIds().length; i++) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("id", model.segmentIds()[i]);
            s.put("name", model.segmentNames()[i]);
            Map<String, Double> profile = new LinkedHashMap<>();
            double[] p = model.profiles()[i];
            for (int j = 0; j < p.length && j < model.featureNames().size(); j++) {
                profile.put(model.featureNames().get(j), p[j]);
            }
            s.put("profile", profile);
            out.add(s);
        }
        return out;
    }

    /** Segment sizes per sample: the stream times and one series per segment id. */
    private Map<String, Object> sizes(Map<Integer, String> names) {
        TreeSet<Integer> ids = new TreeSet<>();
        samples.forEach(s -> ids.addAll(s.sizes().keySet()));
        List<String> times = new ArrayList<>();
        Map<Integer, List<Long>> series = new TreeMap<>();
        ids.forEach(id -> series.put(id, new ArrayList<>()));
        for (Sample s : samples) {
            times.add(Instant.ofEpochMilli(s.streamMillis()).toString());
            ids.forEach(id -> series.get(id).add(s.sizes().getOrDefault(id, 0L)));
        }
        List<Map<String, Object>> list = new ArrayList<>();
        series.forEach((id, values) -> list.add(Map.of("id", id, "name", names.getOrDefault(id, "segment " + id),
                "values", values)));
        return Map.of("times", times, "series", list);
    }

    /**
     * Changes between the segments over the last {@link #WINDOW} samples: those a model update made
     * ({@code modelUpdates}), or the customers' own (every other cause).
     */
    private Map<String, Object> transitions(boolean modelUpdates) {
        if (samples.isEmpty()) {
            return Map.of("from", List.of(), "to", List.of(), "counts", List.of(), "seconds", 0);
        }
        Sample newest = samples.peekLast();
        Sample oldest = samples.size() > WINDOW ? new ArrayList<>(samples).get(samples.size() - 1 - WINDOW)
                : null;
        Map<String, Map<String, Long>> matrix = new TreeMap<>();
        TreeSet<String> to = new TreeSet<>();
        newest.transitions().forEach((t, n) -> {
            if ((t.cause() == ChangeCause.MODEL_UPDATE) != modelUpdates) {
                return;
            }
            long before = oldest == null ? 0 : oldest.transitions().getOrDefault(t, 0L);
            if (n - before > 0) {
                matrix.computeIfAbsent(t.from(), f -> new HashMap<>()).merge(t.to(), n - before, Long::sum);
                to.add(t.to());
            }
        });
        List<String> from = new ArrayList<>(matrix.keySet());
        List<String> toList = new ArrayList<>(to);
        List<List<Long>> counts = new ArrayList<>();
        for (String f : from) {
            List<Long> row = new ArrayList<>();
            for (String t : toList) {
                row.add(matrix.get(f).getOrDefault(t, 0L));
            }
            counts.add(row);
        }
        long seconds = oldest == null ? (newest.wallMillis() - samples.peekFirst().wallMillis()) / 1000
                : (newest.wallMillis() - oldest.wallMillis()) / 1000;
        return Map.of("from", from, "to", toList, "counts", counts, "seconds", seconds);
    }
}
