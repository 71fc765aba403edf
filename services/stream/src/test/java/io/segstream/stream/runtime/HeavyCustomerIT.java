package io.segstream.stream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

import io.segstream.avro.CustomerFeatures;
import io.segstream.devstack.EmbeddedStack;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.devstack.FreePorts;
import io.segstream.stream.features.FeatureStores;
import io.segstream.stream.testing.PlainBatchCheck;
import io.segstream.stream.testing.Replay;
import io.segstream.testing.PlainRetailFeatures;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One customer with 200,000 invoices (a walk-in account) among 500 ordinary ones, through a real broker and registry
 * with exactly-once: every customer's features equal the plain batch computation, no changelog record is above
 * 100 KB, and an instance with an empty state directory restores the history store from its changelog (an old
 * invoice sent again is still recognised as a duplicate).
 */
@Tag("integration")
class HeavyCustomerIT {

    private static final int HEAVY_INVOICES = 200_000;
    private static final String HEAVY = "99999";
    private static final int LIMIT_BYTES = 100 * 1024;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static EmbeddedStack stack;

    @BeforeAll
    static void startStack() {
        stack = EmbeddedStack.start();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void givenOneCustomerWithTwoHundredThousandInvoices_whenStreamed_thenExactSmallRecordsAndRestorable()
            throws Exception {
        Path dir = Files.createTempDirectory("segstream-heavy-");
        List<String> rows = rows();
        Path main = write(dir.resolve("main.csv.gz"), rows.subList(0, rows.size() - 3));
        // Sent after a restart from an empty state directory: invoice 600000 again (a duplicate), the last refund
        // (two lines) and a new invoice.
        List<String> late = new ArrayList<>(List.of(rows.get(0)));
        late.addAll(rows.subList(rows.size() - 3, rows.size()));
        assertTrue(late.get(1).startsWith("C799999,") && late.get(2).startsWith("C799999,"));
        Path later = write(dir.resolve("late.csv.gz"), late);
        Path all = write(dir.resolve("all.csv.gz"), rows);
        assertTrue(rows.get(0).startsWith("600000,") && rows.get(rows.size() - 1).startsWith("999999,"));

        SegstreamConfig config = stack.configure(SegstreamConfig.load(Optional.empty(), Map.of(
                "state.dir", Files.createTempDirectory("segstream-state-").toString(),
                "commit.interval.ms", "200",
                SegstreamConfig.APPLICATION_ID, "segstream-heavy",
                SegstreamConfig.API_PORT, String.valueOf(FreePorts.pick()))));
        stack.createTopics(config.topics().all());
        long produceStart = System.nanoTime();
        int produced = Replay.produceAll(stack, config.topics().invoices().name(), main);
        long streamStart = System.nanoTime();
        try (StreamApp app = StreamApp.start(config)) {
            app.awaitRunning(Duration.ofSeconds(60));
            Replay.awaitCommitted(stack, config, config.topics().invoices().name(), Duration.ofMinutes(3));
            assertEquals(0, app.counters().deadLetters());
            assertEquals(0, app.counters().duplicateInvoices());
        }
        long streamNanos = System.nanoTime() - streamStart;

        // A new instance with an empty state directory restores every store, the history included.
        SegstreamConfig fresh = stack.configure(SegstreamConfig.load(Optional.empty(), Map.of(
                "state.dir", Files.createTempDirectory("segstream-state-").toString(),
                "commit.interval.ms", "200",
                SegstreamConfig.APPLICATION_ID, "segstream-heavy",
                SegstreamConfig.API_PORT, String.valueOf(FreePorts.pick()))));
        Replay.produceAll(stack, config.topics().invoices().name(), later);
        try (StreamApp app = StreamApp.start(fresh)) {
            app.awaitRunning(Duration.ofSeconds(90));
            Replay.awaitCommitted(stack, fresh, config.topics().invoices().name(), Duration.ofMinutes(2));
            assertEquals(1, app.counters().duplicateInvoices(), "invoice 600000, from the restored history");
            assertEquals(0, app.counters().deadLetters());
        }

        PlainRetailFeatures expected = PlainRetailFeatures.compute(all);
        assertEquals(HEAVY_INVOICES + 1, expected.customers.get(HEAVY).invoices.size());
        Map<String, CustomerFeatures> latest = Replay.latestFeatures(stack, config.topics().features().name(),
                expected.customers.size());
        assertEquals(expected.customers.keySet(), latest.keySet());
        PlainBatchCheck.assertMatches(expected, latest);
        assertEquals(HEAVY_INVOICES + 1, latest.get(HEAVY).getFrequency());
        assertEquals(3_000, latest.get(HEAVY).getUniqueProducts());

        Map<String, long[]> changelogs = changelogSizes("segstream-heavy");
        changelogs.forEach((topic, s) -> System.out.printf("%s: %,d records, %,d bytes, largest %,d bytes%n",
                topic, s[0], s[1], s[2]));
        System.out.printf("heavy customer: %,d invoices produced in %.1f s, streamed in %.1f s%n", produced,
                (streamStart - produceStart) / 1e9, streamNanos / 1e9);
        assertTrue(changelogs.containsKey("segstream-heavy-" + FeatureStores.CUSTOMER_HISTORY + "-changelog"),
                "the history store has a changelog: " + changelogs.keySet());
        changelogs.forEach((topic, s) -> assertTrue(s[2] <= LIMIT_BYTES, topic + ": a record of " + s[2] + " bytes"));
        long[] states = changelogs.get("segstream-heavy-" + FeatureStores.CUSTOMER_STATE + "-changelog");
        assertTrue(states[2] < 2_000, "largest customer record " + states[2] + " bytes");
    }

    /**
     * Online Retail rows in time order: the heavy customer's 200,000 invoices of 1-3 lines from a 3,000-product
     * catalogue, every 250th a return, every 100th followed by an invoice of one of 500 other customers; the last
     * row is one more invoice of the heavy customer.
     */
    private static List<String> rows() {
        List<String> rows = new ArrayList<>();
        long start = Instant.parse("2010-01-04T08:00:00Z").toEpochMilli();
        int other = 0;
        for (int n = 0; n < HEAVY_INVOICES; n++) {
            long time = start + n * 150_000L;
            boolean refund = n % 250 == 249;
            String no = (refund ? "C" : "") + (600_000 + n);
            for (int line = 0; line <= n % 3; line++) {
                int product = (n * 7 + line * 1_013) % 3_000;
                rows.add(row(no, "H" + product, refund ? -1 : 1 + line, time, line == 0 ? "2.55" : "0.85", HEAVY));
            }
            if (n % 100 == 0) {
                rows.add(row(String.valueOf(900_000 + other), "H" + other % 40, 2, time + 1_000, "1.25",
                        String.valueOf(10_000 + other % 500)));
                other++;
            }
        }
        rows.add(row("999999", "H7", 1, start + HEAVY_INVOICES * 150_000L, "3.10", HEAVY));
        return rows;
    }

    private static String row(String no, String code, int quantity, long time, String price, String customer) {
        return no + "," + code + ",ITEM " + code + "," + quantity + "," + TIME.format(Instant.ofEpochMilli(time))
                + "," + price + "," + customer + ".0,United Kingdom";
    }

    private static Path write(Path file, List<String> rows) throws IOException {
        try (Writer out = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file)),
                StandardCharsets.UTF_8)) {
            out.write("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n");
            for (String row : rows) {
                out.write(row);
                out.write('\n');
            }
        }
        return file;
    }

    /** Per changelog topic of the application: records, key + value bytes, largest record's key + value bytes. */
    private static Map<String, long[]> changelogSizes(String application) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        Map<String, long[]> sizes = new TreeMap<>();
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.listTopics().forEach((topic, infos) -> {
                if (topic.startsWith(application + "-") && topic.endsWith("-changelog")) {
                    infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                }
            });
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                assertTrue(System.nanoTime() < deadline, "changelogs not read to their end in 2 minutes");
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    long size = (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
                    long[] s = sizes.computeIfAbsent(r.topic(), t -> new long[3]);
                    s[0]++;
                    s[1] += size;
                    s[2] = Math.max(s[2], size);
                }
            }
        }
        return sizes;
    }
}
