package io.segstream.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.FeatureTransform;
import io.segstream.avro.InvoiceEvent;
import io.segstream.avro.Segment;
import io.segstream.avro.SegmentChange;
import io.segstream.avro.SegmentModel;
import io.segstream.core.invoice.Invoice;
import io.segstream.core.invoice.InvoiceLine;
import io.segstream.devstack.EmbeddedStack;
import io.segstream.ingest.TransactionReader;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.platform.mapping.InvoiceMapping;
import io.segstream.platform.serde.AvroSerdeConfig;
import io.segstream.platform.serde.SpecificAvroSerde;
import io.segstream.devstack.KafkaProbe;
import io.segstream.testing.PlainRetailFeatures;
import io.segstream.testing.TestData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Online Retail replayed into an embedded stack and processed by stream applications each running as its own JVM
 * process ({@code ./segstream stream}), as the reliability tests need them: runs with their own output topics
 * against the one invoice topic, the processes themselves, the group's progress, and the outputs read back with
 * read_committed.
 */
final class ReplayHarness implements AutoCloseable {

    private static final Path ROOT = TestData.repositoryRoot();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final Pattern METRIC_LINE = Pattern.compile("^(\\w+)(?:\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);

    private final EmbeddedStack stack;
    private final Path work;
    private final List<Process> started = new ArrayList<>();

    ReplayHarness(EmbeddedStack stack, Path work) {
        this.stack = stack;
        this.work = work;
    }

    Path work() {
        return work;
    }

    /**
     * The settings of run {@code name}: its own application id and its own features, changes, segments and
     * dead-letter topics ({@code reference} keeps the default names), aging off so that every run emits the same
     * records.
     */
    SegstreamConfig run(String name, Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(Map.of(SegstreamConfig.PARTITIONS, "4",
                SegstreamConfig.AGING_CHECKPOINTS, "none"));
        if (!name.equals("reference")) {
            settings.put(SegstreamConfig.TOPIC_PREFIX + "customer-features", "customer-features-" + name);
            settings.put(SegstreamConfig.TOPIC_PREFIX + "segment-changes", "segment-changes-" + name);
            settings.put(SegstreamConfig.TOPIC_PREFIX + "customer-segments", "customer-segments-" + name);
            settings.put(SegstreamConfig.TOPIC_PREFIX + "dead-letters", "dead-letters-" + name);
        }
        settings.put(SegstreamConfig.APPLICATION_ID, "segstream-" + name);
        settings.putAll(more);
        return stack.configure(SegstreamConfig.load(Optional.empty(), settings));
    }

    /** Creates the run's topics: all of them for the first run, its own outputs for the others. */
    void createTopics(SegstreamConfig config) {
        stack.createTopics(config.topics().all());
    }

    /**
     * Starts {@code ./segstream stream} for {@code config} with a fixed query API port and state directory (its
     * identity across restarts, as on a real host); its output goes to {@code <label>.out} in the work directory.
     *
     * @param extra settings passed with {@code -D} besides the run's own
     */
    Process startStream(SegstreamConfig config, String label, int port, Path state, Map<String, String> extra)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("segstream").toString(), "stream",
                "-b", stack.bootstrapServers(), "-r", stack.registryUrl(), "--no-create-topics"));
        Map<String, String> settings = new TreeMap<>(Map.of(
                "application.id", config.require(SegstreamConfig.APPLICATION_ID),
                SegstreamConfig.API_PORT, String.valueOf(port),
                SegstreamConfig.METRICS_PORT, "0",
                SegstreamConfig.AGING_CHECKPOINTS, "none",
                "state.dir", state.toString()));
        for (String topic : List.of("customer-features", "segment-changes", "customer-segments", "dead-letters")) {
            config.get(SegstreamConfig.TOPIC_PREFIX + topic)
                    .ifPresent(name -> settings.put(SegstreamConfig.TOPIC_PREFIX + topic, name));
        }
        for (String key : List.of(SegstreamConfig.PARTITIONS, SegstreamConfig.REPLICATION_FACTOR,
                SegstreamConfig.MIN_INSYNC_REPLICAS, SegstreamConfig.STANDBY_REPLICAS)) {
            config.get(key).ifPresent(value -> settings.put(key, value));
        }
        settings.putAll(extra);
        settings.forEach((k, v) -> command.addAll(List.of("-D", k + "=" + v)));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve(label + ".out").toFile()))
                .directory(work.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        // The launcher's defaults for a deployed instance stay (fixed 1 GiB heap, G1), all but pre-touch: touching a
        // GiB takes about 2 s of both cores at every start, these tests start up to ten stream processes each, and
        // pre-touch buys steady latency, which they do not measure.
        pb.environment().put("SEGSTREAM_JAVA_OPTS", "-XX:-AlwaysPreTouch");
        Process p = pb.start();
        started.add(p);
        p.getOutputStream().close();
        return p;
    }

    /** Kills every process this harness started that still runs, so that a failed test leaves none behind. */
    @Override
    public void close() {
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        for (Process p : started) {
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Waits until the process's query API reports RUNNING. */
    void awaitRunning(int port, Process process) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            assertTrue(process.isAlive(), "stream process died; see its output in " + work);
            if (health(port).contains("\"RUNNING\"")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("stream not RUNNING on port " + port + " within 2 minutes");
    }

    /** The body of the process's {@code /health}, or an empty string while it does not answer 200. */
    static String health(int port) throws InterruptedException {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/health")).timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (IOException notYet) {
            return "";
        }
    }

    /**
     * The value of {@code metric} (summed over its labels) on the Prometheus endpoint the process printed in its
     * output ({@code metrics on http://...}).
     */
    double metric(String label, String metric) throws Exception {
        // The process prints the address right after it is RUNNING, so it may still be on its way.
        String last = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (last == null && System.nanoTime() < deadline) {
            Matcher url = Pattern.compile("metrics on (http://\\S+)").matcher(Files.readString(work.resolve(label
                    + ".out")));
            while (url.find()) {
                last = url.group(1);
            }
            if (last == null) {
                Thread.sleep(100);
            }
        }
        assertTrue(last != null, label + " printed no metrics address in 30 s");
        String body = HTTP.send(HttpRequest.newBuilder(URI.create(last)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        Matcher line = METRIC_LINE.matcher(body);
        while (line.find()) {
            if (line.group(1).equals(metric)) {
                sum += Double.parseDouble(line.group(2));
            }
        }
        return sum;
    }

    /** Stops a process gracefully (SIGTERM: it leaves the group) and waits for it. */
    static void stop(Process process) throws InterruptedException {
        process.destroy();
        process.waitFor(60, TimeUnit.SECONDS);
    }

    /** Kills a process as a crash would (SIGKILL) and waits for it to be gone. */
    static void kill(Process process) throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    long invoicesEnd(SegstreamConfig config) {
        try (KafkaProbe probe = new KafkaProbe(stack.bootstrapServers())) {
            return invoicesEnd(probe, config);
        }
    }

    /** Invoices in the run's invoice topic now, through an open probe (for polling). */
    static long invoicesEnd(KafkaProbe probe, SegstreamConfig config) {
        return probe.endOffsets(config.topics().invoices().name()).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Invoices the run's group has committed. */
    long committed(SegstreamConfig config) {
        try (KafkaProbe probe = new KafkaProbe(stack.bootstrapServers())) {
            return probe.committed(config.require(SegstreamConfig.APPLICATION_ID), config.topics().invoices().name());
        }
    }

    /** Waits until the run's group has committed every invoice in the topic now. */
    void awaitCommitted(SegstreamConfig config, Duration timeout) throws Exception {
        String group = config.require(SegstreamConfig.APPLICATION_ID);
        try (KafkaProbe probe = new KafkaProbe(stack.bootstrapServers())) {
            var end = probe.endOffsets(config.topics().invoices().name());
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!probe.committedUpTo(group, end)) {
                assertTrue(System.nanoTime() < deadline, group + " did not commit every invoice within " + timeout);
                Thread.sleep(100);
            }
        }
    }

    /** Starts {@code ./segstream produce} of Online Retail with more options, e.g. {@code --speed}. */
    Process startProduce(String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("segstream").toString(), "produce",
                TestData.onlineRetail().toString(), "-b", stack.bootstrapServers(), "-r", stack.registryUrl(),
                "--progress", "0"));
        command.addAll(List.of(options));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("produce.out").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        started.add(p);
        return p;
    }

    /** The invoices of the Online Retail file, as {@code produce} reads them (customer or not). */
    static long invoicesInFile() throws IOException {
        long count = 0;
        try (TransactionReader reader = TransactionReader.open(TestData.onlineRetail())) {
            for (Invoice ignored : reader) {
                count++;
            }
        }
        return count;
    }

    /** Waits for a produce process and returns the invoices it reports. */
    int awaitProduced(Process produce) throws Exception {
        assertTrue(produce.waitFor(5, TimeUnit.MINUTES), "produce did not finish");
        String out = Files.readString(work.resolve("produce.out"));
        assertEquals(0, produce.exitValue(), out);
        var m = Pattern.compile("invoices\\s+([\\d,]+)").matcher(out);
        assertTrue(m.find(), out);
        return Integer.parseInt(m.group(1).replace(",", ""));
    }

    /**
     * Produces one small invoice for each of {@code partitions} new customers, {@code <prefix>-<n>}, chosen so that
     * every partition of the invoice topic gets one; returns their ids.
     */
    List<String> probe(SegstreamConfig config, String prefix, int partitions) throws Exception {
        Map<Integer, String> byPartition = new TreeMap<>();
        for (int n = 0; byPartition.size() < partitions; n++) {
            String customer = prefix + "-" + n;
            byPartition.putIfAbsent(BuiltInPartitioner.partitionForKey(customer.getBytes(StandardCharsets.UTF_8),
                    partitions), customer);
        }
        long time = Instant.parse("2011-12-10T12:00:00Z").toEpochMilli();
        try (var serde = SpecificAvroSerde.create(InvoiceEvent.class, AvroSerdeConfig.forValues(stack.registryUrl()));
             var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                     stack.bootstrapServers()), new StringSerializer(), serde.serializer())) {
            for (String customer : byPartition.values()) {
                Invoice invoice = new Invoice("P" + customer, customer, "United Kingdom", time,
                        List.of(new InvoiceLine("85123A", "WHITE HANGING HEART T-LIGHT HOLDER", 1, 25_500)), "probe");
                producer.send(new ProducerRecord<>(config.topics().invoices().name(), null, time,
                        InvoiceMapping.key(invoice), InvoiceMapping.toEvent(invoice))).get();
            }
        }
        return List.copyOf(byPartition.values());
    }

    /** Low spenders around 0, high spenders around 2,000, by monetary alone (identity transform). */
    void publishModel(SegstreamConfig config) throws Exception {
        List<Segment> segments = List.of(
                Segment.newBuilder().setId(1).setName("Low").setSize(1).setCentroid(List.of(0.0))
                        .setCentroidOriginal(List.of(0.0)).build(),
                Segment.newBuilder().setId(2).setName("High").setSize(1).setCentroid(List.of(2_000.0))
                        .setCentroidOriginal(List.of(2_000.0)).build());
        SegmentModel model = SegmentModel.newBuilder().setModelName("rfm").setVersion(1).setTrainedAt(Instant.EPOCH)
                .setSnapshotTime(Instant.EPOCH).setCustomerCount(2).setSampleSize(2)
                .setFeatureNames(List.of("monetary"))
                .setTransform(FeatureTransform.newBuilder().setLog1p(List.of(false)).setScaling("standard")
                        .setCenter(List.of(0.0)).setScale(List.of(1.0)).build())
                .setSegments(segments).setChosenK(2).setSilhouette(0.5).setCalinskiHarabasz(1).setDaviesBouldin(1)
                .setInertia(1).build();
        try (var serde = SpecificAvroSerde.create(SegmentModel.class, AvroSerdeConfig.forValues(stack.registryUrl()));
             var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                     stack.bootstrapServers()), new StringSerializer(), serde.serializer())) {
            producer.send(new ProducerRecord<>(config.topics().models().name(), "rfm", model)).get();
        }
    }

    private <T extends SpecificRecord> List<ConsumerRecord<String, T>> readAll(String topic, Class<T> type) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, T>> out = new ArrayList<>();
        try (var serde = SpecificAvroSerde.create(type, AvroSerdeConfig.forValues(stack.registryUrl()));
             var consumer = new KafkaConsumer<>(props, new StringDeserializer(), serde.deserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertTrue(System.nanoTime() < deadline, "reading " + topic + " timed out");
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** The latest features per customer on the run's features topic. */
    Map<String, CustomerFeatures> features(SegstreamConfig config) {
        Map<String, CustomerFeatures> latest = new HashMap<>();
        for (var r : readAll(config.topics().features().name(), CustomerFeatures.class)) {
            latest.put(r.key(), r.value());
        }
        return latest;
    }

    /** Customers of {@code expected} whose features on the run's topic differ from the batch totals, or are missing. */
    int mismatches(PlainRetailFeatures expected, Map<String, CustomerFeatures> features) {
        int mismatches = 0;
        for (var e : expected.customers.entrySet()) {
            CustomerFeatures f = features.get(e.getKey());
            PlainRetailFeatures.Totals t = e.getValue();
            if (f == null || f.getFrequency() != t.invoices.size()
                    || Math.abs(f.getMonetary() - t.monetary.doubleValue()) > 1e-9
                    || f.getUniqueProducts() != t.products.size() || f.getLastPurchase().toEpochMilli() != t.last) {
                mismatches++;
            }
        }
        return mismatches;
    }

    /** Each change of the run as one comparable line (customer, cause, from, to, model, event time, monetary), sorted. */
    List<String> changes(SegstreamConfig config) {
        List<String> out = new ArrayList<>();
        for (var r : readAll(config.topics().changes().name(), SegmentChange.class)) {
            SegmentChange c = r.value();
            out.add(c.getCustomerId() + " " + c.getCause() + " " + c.getFromSegmentId() + "->" + c.getToSegmentId()
                    + " v" + c.getToModelVersion() + " at " + c.getEventTime() + " monetary "
                    + c.getFeatures().getMonetary());
        }
        out.sort(null);
        return out;
    }

    /** The run's dead letters as {@code "topic-partition@offset REASON"}, sorted. */
    List<String> deadLetters(SegstreamConfig config) {
        List<String> out = new ArrayList<>();
        for (var r : readAll(config.topics().deadLetters().name(), io.segstream.avro.DeadLetter.class)) {
            var d = r.value();
            out.add(d.getSourceTopic() + "-" + d.getPartition() + "@" + d.getOffset() + " " + d.getReason());
        }
        out.sort(null);
        return out;
    }

    /**
     * Sends {@code perKind} seeded hostile records of each of six kinds to the run's invoice topics with a plain
     * producer: random bytes, an Avro invoice of the year 2100, one before 1970, one with 10,001 lines, and JSON
     * invoices of the year 300,000,000 and with a price of 1e999999999. Their customers ({@code h...}) are not in the
     * replayed file, so they touch no customer whose features are compared.
     *
     * @return the number of records sent
     */
    int produceHostile(SegstreamConfig config, int perKind, long seed) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        var serde = SpecificAvroSerde.create(InvoiceEvent.class, AvroSerdeConfig.forValues(stack.registryUrl()));
        String avroTopic = config.topics().invoices().name();
        String jsonTopic = config.topics().invoicesJson().name();
        java.util.Random random = new java.util.Random(seed);
        int sent = 0;
        try (var producer = new KafkaProducer<byte[], byte[]>(props,
                new org.apache.kafka.common.serialization.ByteArraySerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            for (int i = 0; i < perKind; i++) {
                String customer = "h" + i;
                byte[] key = customer.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                byte[] noise = new byte[16 + random.nextInt(200)];
                random.nextBytes(noise);
                noise[0] = (byte) (1 + random.nextInt(255));
                List<io.segstream.avro.InvoiceLine> many = new ArrayList<>();
                for (int l = 0; l < 10_001; l++) {
                    many.add(io.segstream.avro.InvoiceLine.newBuilder().setStockCode("L" + (l % 40))
                            .setDescription(null).setQuantity(1).setUnitPrice(new java.math.BigDecimal("1.0000"))
                            .build());
                }
                List<ProducerRecord<byte[], byte[]>> records = List.of(
                        new ProducerRecord<>(avroTopic, key, noise),
                        new ProducerRecord<>(avroTopic, key, serde.serializer().serialize(avroTopic,
                                hostileInvoice(customer, java.time.Instant.parse("2100-01-01T00:00:00Z"), 1))),
                        new ProducerRecord<>(avroTopic, key, serde.serializer().serialize(avroTopic,
                                hostileInvoice(customer, java.time.Instant.parse("1960-01-01T00:00:00Z"), 1))),
                        new ProducerRecord<>(avroTopic, key, serde.serializer().serialize(avroTopic,
                                InvoiceEvent.newBuilder(hostileInvoice(customer,
                                        java.time.Instant.parse("2011-06-01T00:00:00Z"), 1)).setLines(many).build())),
                        new ProducerRecord<>(jsonTopic, key, ("{\"invoiceNo\":\"j" + i + "\",\"customerId\":\""
                                + customer + "\",\"invoiceTime\":\"+300000000-01-01T00:00:00Z\",\"lines\":[{"
                                + "\"stockCode\":\"A\",\"quantity\":1,\"unitPrice\":\"1.00\"}]}")
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                        new ProducerRecord<>(jsonTopic, key, ("{\"invoiceNo\":\"p" + i + "\",\"customerId\":\""
                                + customer + "\",\"invoiceTime\":\"2011-06-01T00:00:00Z\",\"lines\":[{"
                                + "\"stockCode\":\"A\",\"quantity\":1,\"unitPrice\":1e999999999}]}")
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                for (var record : records) {
                    producer.send(record).get();
                    sent++;
                }
            }
        }
        return sent;
    }

    private static InvoiceEvent hostileInvoice(String customer, java.time.Instant time, int quantity) {
        return InvoiceEvent.newBuilder().setInvoiceNo("x" + customer).setCustomerId(customer).setCountry("Nowhere")
                .setInvoiceTime(time).setLines(List.of(io.segstream.avro.InvoiceLine.newBuilder().setStockCode("A")
                        .setDescription(null).setQuantity(quantity).setUnitPrice(new java.math.BigDecimal("1.0000"))
                        .build())).setSource("hostile").build();
    }
}
