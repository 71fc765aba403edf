package io.segstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.segstream.app.synthetic.FittedPopulations;
import io.segstream.app.synthetic.SyntheticGenerator;
import io.segstream.app.synthetic.SyntheticOptions;
import io.segstream.core.invoice.Invoice;
import io.segstream.devstack.EmbeddedStack;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.devstack.KafkaProbe;
import io.segstream.platform.topics.Topics;
import io.segstream.stream.runtime.StreamApp;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The sizing inputs of one stream instance at a given population (README, "Sizing"): invoices per second of one
 * instance over the backlog (features + scoring with a trained model, exactly-once), state per customer (store values
 * and keys, RocksDB files on disk, compacted changelog bytes), and the time a fresh instance takes to restore that
 * state from its changelogs, per GB. Off by default; run with {@code -Dsegstream.bench=true -Dit.test=SizingBenchIT},
 * optionally {@code -Dsegstream.bench.customers=N} (default 1,000,000) and {@code -Dsegstream.bench.invoices=M}
 * (default 1.5 per customer).
 */
@Tag("integration")
@EnabledIfSystemProperty(named = "segstream.bench", matches = "true")
class SizingBenchIT {

    @Test
    void givenAPopulation_whenStreamedAndRestored_thenTheSizingInputsAreReported() throws Exception {
        int customers = Integer.getInteger("segstream.bench.customers", 1_000_000);
        long invoices = Long.getLong("segstream.bench.invoices", customers * 3L / 2);
        Path work = Files.createTempDirectory("segstream-sizing-");
        try (EmbeddedStack stack = EmbeddedStack.start(work.resolve("stack"))) {
            SegstreamConfig config = stack.configure(SegstreamConfig.load(Optional.empty(), Map.of(
                    SegstreamConfig.AGING_CHECKPOINTS, "none")));
            Topics.ensure(config, config.topics().all());
            SyntheticGenerator generator = new SyntheticGenerator(new SyntheticOptions(customers, 1,
                    SyntheticOptions.DEFAULT_START, FittedPopulations.ONLINE_RETAIL));
            // A model first, trained on the features of a seed, so that the measured run scores and assigns.
            LatencyBench.seedModel(config, work, generator, 20_000, new PrintWriter(System.out, true));
            String topic = config.topics().invoices().name();
            Set<String> buyers = new HashSet<>();
            long lines = 0;
            long t0 = System.nanoTime();
            // Stamped with the wall time, as the seed is: invoices years older than stream time are dead letters.
            try (InvoiceSender sender = new InvoiceSender(config, topic, true)) {
                for (long i = 0; i < invoices && generator.hasNext(); i++) {
                    Invoice invoice = generator.next();
                    buyers.add(invoice.customerId());
                    lines += invoice.lines().size();
                    sender.send(invoice);
                }
            }
            double produceSeconds = (System.nanoTime() - t0) / 1e9;
            SegstreamConfig run = BenchStreams.fresh(config, "sizing", work);
            try (KafkaProbe probe = new KafkaProbe(config.require(SegstreamConfig.BOOTSTRAP_SERVERS))) {
                var end = probe.endOffsets(topic);
                long total = end.values().stream().mapToLong(Long::longValue).sum();
                BenchStreams.Timed started = BenchStreams.start("sizing", run, total, lines, probe, end,
                        Duration.ofHours(2));
                StreamRun timed = started.run();
                StateSize state;
                try (StreamApp app = started.app()) {
                    state = StateSize.of(app.streams());
                    assertEquals(0, app.counters().deadLetters(), "no dead letter");
                }
                Map<String, Long> topicBytes = topicBytes(config);
                long changelogBytes = topicBytes.entrySet().stream()
                        .filter(e -> e.getKey().startsWith("sizing-") && e.getKey().endsWith("-changelog"))
                        .mapToLong(Map.Entry::getValue).sum();
                Path stateDir = Path.of(run.require(SegstreamConfig.STATE_DIR));
                long diskBytes = directoryBytes(stateDir);
                deleteRecursively(stateDir);

                long t1 = System.nanoTime();
                double restoreSeconds;
                long restored;
                try (StreamApp fresh = StreamApp.start(run)) {
                    fresh.awaitRunning(Duration.ofHours(1));
                    restoreSeconds = (System.nanoTime() - t1) / 1e9;
                    restored = fresh.restore().records();
                    assertEquals(state.customers(), StateSize.of(fresh.streams()).customers(),
                            "the restored state holds every customer");
                }
                assertTrue(state.customers() >= buyers.size() * 0.99, state.customers() + " of " + buyers.size());
                System.out.printf(Locale.ROOT, "SIZING customers=%d invoices=%d lines=%d produce_s=%.1f%n"
                                + "SIZING stream invoices_per_s=%.0f lines_per_s=%.0f process_s=%.1f%n"
                                + "SIZING state customers=%d store_bytes_per_customer=%.1f history_bytes_per_customer"
                                + "=%.1f interest_bytes_per_customer=%.1f rocksdb_disk_bytes=%d (%.1f per customer) "
                                + "changelog_bytes=%d (%.1f per customer)%n"
                                + "SIZING restore records=%d wall_s=%.1f (to RUNNING, fresh instance) s_per_gb_changelog"
                                + "=%.1f%n",
                        buyers.size(), total, lines, produceSeconds, timed.invoicesPerSecond(),
                        timed.linesPerSecond(), timed.processMillis() / 1e3, state.customers(),
                        state.allBytesPerCustomer(), state.historyBytesPerCustomer(),
                        state.interestBytesPerCustomer(), diskBytes, diskBytes / (double) state.customers(),
                        changelogBytes, changelogBytes / (double) state.customers(), restored, restoreSeconds,
                        restoreSeconds / (changelogBytes / 1e9));
                topicBytes.forEach((name, bytes) -> System.out.printf(Locale.ROOT,
                        "SIZING topic %s bytes=%d per_customer=%.1f per_invoice=%.1f%n", name, bytes,
                        bytes / (double) state.customers(), bytes / (double) total));
            }
        }
    }

    /** Bytes on the broker per topic (all replicas; the embedded broker has one). */
    private static Map<String, Long> topicBytes(SegstreamConfig config) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                config.require(SegstreamConfig.BOOTSTRAP_SERVERS)))) {
            List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(n -> n.id()).toList();
            Map<String, Long> bytes = new TreeMap<>();
            for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers).allDescriptions().get()
                    .values()) {
                for (LogDirDescription dir : dirs.values()) {
                    dir.replicaInfos().forEach((partition, replica) -> bytes.merge(partition.topic(), replica.size(),
                            Long::sum));
                }
            }
            return bytes;
        }
    }

    private static long directoryBytes(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
