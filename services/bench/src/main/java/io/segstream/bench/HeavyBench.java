package io.segstream.bench;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.LongFunction;

import io.segstream.core.invoice.Invoice;
import io.segstream.core.invoice.InvoiceLine;
import io.segstream.devstack.EmbeddedStack;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.devstack.KafkaProbe;
import io.segstream.platform.topics.Topics;
import io.segstream.stream.runtime.StreamApp;
import io.segstream.stream.features.CustomerHistory;
import io.segstream.stream.features.FeatureStores;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * The cost of an invoice against the length of its customer's history (#32): the same invoices streamed twice by
 * segstream's stream app on one embedded broker, exactly-once, each case on its own application id and invoice topic:
 * once all of one customer ("one customer"), once each of a customer of its own ("spread"). Each case first streams a
 * warm-up of invoices of other customers (the JIT compiler settles); then, for each history length (1, 10^3, ...),
 * it streams unmeasured invoices up to that length and measures the next {@code window} invoices: the stream threads'
 * CPU from the first send to the last invoice processed, less the CPU the idle threads spend polling at the rate
 * measured over the second before, and the changelog records (keys and values, every store) the window added, read
 * back after the run. Aging is off ({@code segstream.aging.checkpoints=none}) so only the invoice path is measured,
 * and there is no model.
 */
public final class HeavyBench {

    /** Standard history lengths of the table. */
    static final List<Long> LENGTHS = List.of(1L, 1_000L, 10_000L, 100_000L, 1_000_000L);
    /**
     * Largest history length: invoices are 150 s apart from 2010-01-04, so 2,000,000 end in 2019, before any wall
     * clock this runs on and inside the default ten years an invoice may lie behind stream time.
     */
    static final long MAX_LENGTH = 2_000_000L;
    /** Largest measured window: the invoices it sends are held by the producer, not in a list. */
    static final int MAX_WINDOW = 100_000;
    /** Default window: three fit below the gap between the lengths 1 and 1,000, so every row starts at its length. */
    static final int DEFAULT_WINDOW = 300;
    /** Default windows per length. */
    static final int DEFAULT_ROUNDS = 3;
    private static final long START = Instant.parse("2010-01-04T08:00:00Z").toEpochMilli();
    private static final long SPACING_MILLIS = 150_000L;
    private static final long FIRST_NUMBER = 1_000_000L;
    private static final long WARM_NUMBER = 100_000L;
    /** The one customer, and the first id of the spread case's customers: ids of 8 digits in both cases. */
    private static final String HEAVY = "99999999";
    private static final long SPREAD_IDS = 10_000_000L;
    private static final String WARM_HEAVY = "warm-heavy";
    private static final String ONE = "one customer";
    private static final String SPREAD = "spread";

    /**
     * @param maxLength largest history length: the standard lengths up to it, then it
     * @param warmup    invoices of as many other customers streamed before the first phase
     * @param window    invoices measured once the history has reached each length
     * @param rounds    windows measured back to back per length: CPU is their median, changelog bytes their mean
     * @param timeout   longest one phase may take
     */
    public record Options(long maxLength, int warmup, int window, int rounds, Duration timeout) {
        /** Validates the bounds. */
        public Options {
            if (rounds < 1 || (long) rounds * window >= 999) {
                throw new IllegalArgumentException("rounds x window must be below 999 invoices (the gap between the "
                        + "lengths 1 and 1,000), got " + rounds + " x " + window);
            }
            if (window < 1 || window > MAX_WINDOW) {
                throw new IllegalArgumentException("the measured window must be 1.." + MAX_WINDOW + " invoices, got "
                        + window);
            }
            if (maxLength < 1 || maxLength > MAX_LENGTH) {
                throw new IllegalArgumentException("the largest history length must be in 1.." + MAX_LENGTH
                        + ", got " + maxLength);
            }
            if (warmup < 0 || warmup >= FIRST_NUMBER - WARM_NUMBER) {
                throw new IllegalArgumentException("the warm-up must be 0.." + (FIRST_NUMBER - WARM_NUMBER - 1)
                        + " invoices, got " + warmup);
            }
        }

        /** The history lengths measured, ascending. */
        public List<Long> lengths() {
            List<Long> lengths = new ArrayList<>(LENGTHS.stream().filter(l -> l <= maxLength).toList());
            if (lengths.getLast() != maxLength) {
                lengths.add(maxLength);
            }
            return lengths;
        }
    }

    /**
     * The measured window of one case at one history length.
     *
     * @param history         invoices of the one customer (spread: customers of the case) before the window
     * @param cpuMicros       stream-thread CPU per invoice, idle polling subtracted: the median of the windows
     * @param changelogBytes  changelog key and value bytes per invoice of the windows, every store
     * @param changelogRecords changelog records per invoice of the windows
     * @param largestRecord   largest changelog record of the windows (key and value), bytes
     */
    public record Phase(long history, double cpuMicros, double changelogBytes, double changelogRecords,
                        long largestRecord) {
    }

    /**
     * A history length, both cases.
     *
     * @param length history length before the window
     * @param one    all invoices of one customer
     * @param spread each invoice of a customer of its own
     */
    public record Row(long length, Phase one, Phase spread) {

        /** One customer's CPU per invoice over the spread case's. */
        public double cpuRatio() {
            return one.cpuMicros() / spread.cpuMicros();
        }

        /** One customer's changelog bytes per invoice over the spread case's. */
        public double bytesRatio() {
            return one.changelogBytes() / spread.changelogBytes();
        }
    }

    /**
     * Stored state at the end, by a scan of the stores through interactive queries.
     *
     * @param customers       customer records (the warm-up's and the case's)
     * @param recordBytes     their keys and values
     * @param heavyRecordBytes the one customer's record (value), 0 in the spread case
     * @param heavyHistoryRows  rows of the one customer in the {@code customer-history} store (0 in the spread case)
     * @param heavyHistoryBytes their keys and values
     * @param historyRows     rows of the {@code customer-history} store, every customer's (the warm-up's too)
     */
    public record Stored(long customers, long recordBytes, long heavyRecordBytes, long heavyHistoryRows,
                         long heavyHistoryBytes, long historyRows) {
    }

    /**
     * @param rows     one per history length
     * @param one      the one customer's stored state at the end
     * @param spread   the spread case's stored state at the end
     * @param warmup   invoices of as many other customers before the first row
     * @param window   invoices per measured window
     * @param rounds   windows per row
     * @param settings stream settings that shape the numbers
     */
    public record Result(List<Row> rows, Stored one, Stored spread, int warmup, int window, int rounds,
                         Map<String, String> settings) {

        /** Invoices of the one customer at the end: the last row's history and its window. */
        public long oneCustomerInvoices() {
            return rows.getLast().length() + (long) window * rounds;
        }
    }

    private HeavyBench() {
    }

    /**
     * Runs both cases on a fresh embedded stack, both applications at once and their windows interleaved (the order
     * alternating from one length to the next), so neither case has the JIT compiler's later work to itself;
     * {@code base} supplies stream and producer settings.
     */
    public static Result run(SegstreamConfig base, Path workDir, Options options, PrintWriter log) throws Exception {
        try (EmbeddedStack stack = EmbeddedStack.start(workDir.resolve("stack"))) {
            SegstreamConfig config = stack.configure(base.get(SegstreamConfig.AGING_CHECKPOINTS).isPresent() ? base
                    : base.with(SegstreamConfig.AGING_CHECKPOINTS, "none"));
            try (CaseRun spread = new CaseRun(SPREAD, config, workDir, options, log);
                 CaseRun one = new CaseRun(ONE, config, workDir, options, log)) {
                spread.warmUp();
                one.warmUp();
                int i = 0;
                for (long length : options.lengths()) {
                    spread.fill(length);
                    one.fill(length);
                    for (CaseRun c : i++ % 2 == 0 ? List.of(spread, one) : List.of(one, spread)) {
                        c.measureWindows();
                    }
                }
                List<Phase> onePhases = one.phases();
                List<Phase> spreadPhases = spread.phases();
                List<Row> rows = new ArrayList<>();
                for (int r = 0; r < onePhases.size(); r++) {
                    rows.add(new Row(onePhases.get(r).history(), onePhases.get(r), spreadPhases.get(r)));
                }
                return new Result(rows, one.stored(), spread.stored(), options.warmup(), options.window(),
                        options.rounds(), ReplayBench.settings(config));
            }
        }
    }

    /** One case: its application, its invoice topic and what was measured so far. */
    private static final class CaseRun implements AutoCloseable {

        private final String name;
        private final SegstreamConfig config;
        private final String appId;
        private final String topic;
        private final Options options;
        private final PrintWriter log;
        private final KafkaProbe probe;
        private final StreamApp app;
        private final LongFunction<Invoice> invoices;
        /** Changelog ends before each row's windows and after each window. */
        private final List<Map<TopicPartition, Long>> bounds = new ArrayList<>();
        /** Per row, the segment (between bounds k and k + 1) of its first window. */
        private final List<Integer> firstSegment = new ArrayList<>();
        /** Per row: {history before it, median CPU µs per invoice of its windows}. */
        private final List<double[]> cpu = new ArrayList<>();
        private long done;

        CaseRun(String name, SegstreamConfig base, Path workDir, Options options, PrintWriter log) throws Exception {
            this.name = name;
            this.options = options;
            this.log = log;
            String id = name.equals(ONE) ? "one" : "spread";
            topic = "heavy-invoices-" + id;
            config = BenchStreams.fresh(base.with(SegstreamConfig.TOPIC_PREFIX + "invoices", topic),
                    "bench-heavy-" + id, workDir);
            appId = config.require(SegstreamConfig.APPLICATION_ID);
            Topics.ensure(config, config.topics().all());
            invoices = n -> invoice(FIRST_NUMBER + n, name.equals(ONE) ? HEAVY : String.valueOf(SPREAD_IDS + n),
                    START + n * SPACING_MILLIS, n);
            probe = new KafkaProbe(config.kafkaProperties());
            app = StreamApp.start(config);
        }

        void warmUp() throws InterruptedException {
            // Every other warm-up invoice is of one customer, so the history store's path is compiled too.
            send(config, topic, 0, options.warmup(), i -> invoice(WARM_NUMBER + i, i % 2 == 0 ? "warm-" + i
                    : WARM_HEAVY, START - (options.warmup() - i) * 1_000L, i));
            awaitDone(app, probe, appId, topic, options.warmup(), options.timeout(), name + " warm-up");
        }

        /** Streams the invoices up to {@code length}, unmeasured. */
        void fill(long length) throws InterruptedException {
            long from = Math.max(done, length);
            send(config, topic, done, from, invoices);
            awaitDone(app, probe, appId, topic, options.warmup() + from, options.timeout(), name + " to " + from);
            done = from;
        }

        /** Measures the next windows of invoices, {@code rounds} of them back to back. */
        void measureWindows() throws InterruptedException {
            firstSegment.add(bounds.size());
            bounds.add(changelogEnds(config, appId));
            double[] micros = new double[options.rounds()];
            long from = done;
            for (int r = 0; r < options.rounds(); r++) {
                micros[r] = measureWindow();
                bounds.add(changelogEnds(config, appId));
            }
            Arrays.sort(micros);
            cpu.add(new double[] {from, micros[micros.length / 2]});
        }

        /** Measures the next window; returns its stream-thread CPU per invoice, µs. */
        private double measureWindow() throws InterruptedException {
            long idle0 = streamThreadCpuNanos(appId);
            long w0 = System.nanoTime();
            Thread.sleep(1_000);
            double idle = (streamThreadCpuNanos(appId) - idle0) / (double) (System.nanoTime() - w0);
            long from = done;
            long to = from + options.window();
            long c0;
            long t0;
            try (InvoiceSender sender = new InvoiceSender(config, topic, false)) {
                c0 = streamThreadCpuNanos(appId);
                t0 = System.nanoTime();
                for (long n = from; n < to; n++) {
                    sender.send(invoices.apply(n));
                }
            }
            long inputs = options.warmup() + to;
            BenchStreams.awaitOrFail(() -> app.counters().inputs() >= inputs,
                    System.nanoTime() + options.timeout().toNanos(), name + " window at " + from);
            long busy = streamThreadCpuNanos(appId) - c0;
            long wall = System.nanoTime() - t0;
            double work = Math.max(0, busy - idle * wall);
            awaitDone(app, probe, appId, topic, inputs, options.timeout(), name + " window at " + from);
            log.printf("%s: history %,d, next %,d invoices: %.1f µs of stream-thread CPU per invoice (%,.1f ms CPU, "
                    + "less %.1f ms/s idle over %,.0f ms)%n", name, from, options.window(),
                    work / 1e3 / options.window(), busy / 1e6, idle * 1e3, wall / 1e6);
            log.flush();
            done = to;
            return work / 1e3 / options.window();
        }

        /** The rows, with their windows' changelog records read back. */
        List<Phase> phases() {
            long[][] changelog = changelogByPhase(config, bounds);
            double n = (double) options.window() * options.rounds();
            List<Phase> phases = new ArrayList<>();
            for (int i = 0; i < cpu.size(); i++) {
                long[] sum = new long[3];
                for (int k = firstSegment.get(i); k < firstSegment.get(i) + options.rounds(); k++) {
                    sum[0] += changelog[k][0];
                    sum[1] += changelog[k][1];
                    sum[2] = Math.max(sum[2], changelog[k][2]);
                }
                phases.add(new Phase((long) cpu.get(i)[0], cpu.get(i)[1], sum[1] / n, sum[0] / n, sum[2]));
            }
            return phases;
        }

        Stored stored() {
            return HeavyBench.stored(app.streams(), name.equals(ONE) ? HEAVY : null);
        }

        @Override
        public void close() {
            try {
                app.close();
            } finally {
                probe.close();
            }
        }
    }

    /**
     * Invoice {@code n}: two lines of a 3,000-product catalogue (so the one customer's product set passes the inline
     * limit), every 250th a return of the same lines.
     */
    static Invoice invoice(long number, String customer, long time, long n) {
        boolean refund = n % 250 == 249;
        List<InvoiceLine> lines = new ArrayList<>(2);
        for (int line = 0; line < 2; line++) {
            int product = (int) ((n * 7 + line * 1_013L) % 3_000);
            lines.add(new InvoiceLine("H" + product, null, (refund ? -1 : 1) * (1 + line),
                    line == 0 ? 25_500 : 8_500));
        }
        return new Invoice((refund ? "C" : "") + number, customer, "United Kingdom", time, lines, "bench");
    }

    /** Sends invoices {@code from} (inclusive) to {@code to}, each acknowledged when this returns. */
    private static void send(SegstreamConfig config, String topic, long from, long to, LongFunction<Invoice> invoice) {
        try (InvoiceSender sender = new InvoiceSender(config, topic, false)) {
            for (long n = from; n < to; n++) {
                sender.send(invoice.apply(n));
            }
        }
    }

    private static void awaitDone(StreamApp app, KafkaProbe probe, String appId, String topic, long inputs,
                                  Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        BenchStreams.awaitOrFail(() -> app.counters().inputs() >= inputs, deadline,
                what + ": processed only " + app.counters().inputs() + " of " + inputs);
        if (app.counters().inputs() != inputs) {
            throw new IllegalStateException(what + ": processed " + app.counters().inputs() + ", sent " + inputs);
        }
        Map<TopicPartition, Long> end = probe.endOffsets(topic);
        BenchStreams.awaitOrFail(() -> probe.committedUpTo(appId, end), deadline, what + ": offsets not committed");
    }

    /** The end offsets of every changelog partition of the application. */
    private static Map<TopicPartition, Long> changelogEnds(SegstreamConfig config, String appId) {
        try (var consumer = consumer(config)) {
            return consumer.endOffsets(changelogPartitions(consumer, appId));
        }
    }

    private static List<TopicPartition> changelogPartitions(KafkaConsumer<byte[], byte[]> consumer, String appId) {
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.listTopics().forEach((topic, infos) -> {
            if (topic.startsWith(appId + "-") && topic.endsWith("-changelog")) {
                infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
        });
        return partitions;
    }

    /**
     * Reads the changelogs between {@code bounds.get(0)} and the last bounds; per segment i (offsets from
     * {@code bounds.get(i)} to {@code bounds.get(i + 1)}): {records, key + value bytes, largest record}.
     */
    private static long[][] changelogByPhase(SegstreamConfig config, List<Map<TopicPartition, Long>> bounds) {
        long[][] phases = new long[bounds.size() - 1][3];
        Map<TopicPartition, Long> last = bounds.getLast();
        try (var consumer = consumer(config)) {
            List<TopicPartition> partitions = new ArrayList<>(last.keySet());
            consumer.assign(partitions);
            for (TopicPartition p : partitions) {
                consumer.seek(p, bounds.getFirst().getOrDefault(p, 0L));
            }
            Map<TopicPartition, Long> position = new HashMap<>();
            partitions.forEach(p -> position.put(p, consumer.position(p)));
            while (partitions.stream().anyMatch(p -> position.get(p) < last.get(p))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition p = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() < last.get(p)) {
                        int phase = 0;
                        while (r.offset() >= bounds.get(phase + 1).getOrDefault(p, 0L)) {
                            phase++;
                        }
                        long size = (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0
                                : r.value().length);
                        phases[phase][0]++;
                        phases[phase][1] += size;
                        phases[phase][2] = Math.max(phases[phase][2], size);
                    }
                }
                partitions.forEach(p -> position.put(p, consumer.position(p)));
            }
        }
        return phases;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(SegstreamConfig config) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.require(SegstreamConfig.BOOTSTRAP_SERVERS));
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** CPU time so far of the stream threads of an application (Kafka Streams names them after its id). */
    private static long streamThreadCpuNanos(String applicationId) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith(applicationId + "-") && thread.getName().contains("-StreamThread-")) {
                total += Math.max(0, threads.getThreadCpuTime(thread.threadId()));
            }
        }
        return total;
    }

    private static Stored stored(KafkaStreams streams, String heavy) {
        long customers = 0;
        long recordBytes = 0;
        long heavyBytes = 0;
        var states = streams.store(StoreQueryParameters.fromNameAndType(FeatureStores.CUSTOMER_STATE,
                QueryableStoreTypes.<String, byte[]>keyValueStore()));
        try (KeyValueIterator<String, byte[]> it = states.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> entry = it.next();
                customers++;
                recordBytes += entry.key.getBytes(StandardCharsets.UTF_8).length + entry.value.length;
                if (entry.key.equals(heavy)) {
                    heavyBytes = entry.value.length;
                }
            }
        }
        byte[] prefix = CustomerHistory.prefixOf(heavy == null ? HEAVY : heavy);
        long[] all = new long[2];
        long[] ofHeavy = new long[2];
        var history = streams.store(StoreQueryParameters.fromNameAndType(FeatureStores.CUSTOMER_HISTORY,
                QueryableStoreTypes.<Bytes, byte[]>keyValueStore()));
        try (KeyValueIterator<Bytes, byte[]> it = history.all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> entry = it.next();
                byte[] key = entry.key.get();
                long[] counts = Arrays.equals(key, 0, Math.min(prefix.length, key.length), prefix, 0, prefix.length)
                        ? ofHeavy : all;
                counts[0]++;
                counts[1] += key.length + entry.value.length;
            }
        }
        return new Stored(customers, recordBytes, heavyBytes, ofHeavy[0], ofHeavy[1], all[0] + ofHeavy[0]);
    }
}
