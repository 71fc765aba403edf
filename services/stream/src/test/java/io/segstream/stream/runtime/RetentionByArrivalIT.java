package io.segstream.stream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import io.segstream.avro.CustomerFeatures;
import io.segstream.devstack.EmbeddedStack;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.devstack.FreePorts;
import io.segstream.platform.topics.TopicSpec;
import io.segstream.platform.topics.Topics;
import io.segstream.stream.testing.PlainBatchCheck;
import io.segstream.stream.testing.Replay;
import io.segstream.testing.PlainRetailFeatures;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Loading history loses nothing: a year of Online Retail invoices (2010-2011, each record stamped with its invoice
 * time) is produced to the invoice topic as segstream creates it, with the production default of 7 days' retention,
 * on a broker whose retention check runs every second and whose segments roll every megabyte. The stream starts only
 * after the check has run, proven by a control topic created the old way (retained by record timestamp) whose
 * history the broker has deleted meanwhile. The invoice topic, retained by arrival, keeps everything, every customer
 * is exact against a plain batch computation, and no input is reported lost.
 */
@Tag("integration")
class RetentionByArrivalIT {

    private static EmbeddedStack stack;
    private static Path dataFile;

    @BeforeAll
    static void startStack() throws Exception {
        dataFile = Replay.onlineRetail();
        stack = EmbeddedStack.start(Files.createTempDirectory("segstream-stack-"), 1, Map.of(
                "log.retention.check.interval.ms", "1000",
                "log.retention.ms", String.valueOf(Duration.ofDays(7).toMillis()),
                "log.segment.bytes", String.valueOf(1 << 20)));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void givenAYearOfHistoryUnderSevenDaysRetention_whenTheStreamStartsAfterTheRetentionCheck_thenNothingIsLost()
            throws Exception {
        SegstreamConfig config = stack.configure(SegstreamConfig.load(Optional.empty(), Map.of(
                "state.dir", Files.createTempDirectory("segstream-state-").toString(),
                "commit.interval.ms", "200",
                SegstreamConfig.API_PORT, String.valueOf(FreePorts.pick()))))
                .with(SegstreamConfig.INVOICES_RETENTION, "7d");
        TopicSpec invoices = config.topics().invoices();
        assertTrue(invoices.logAppendTime(), "segstream creates its invoice topics retained by arrival");
        TopicSpec control = invoices.withName("invoices-by-record-time").withLogAppendTime(false);
        stack.createTopics(config.topics().all());
        stack.createTopics(List.of(control));
        awaitListed(control.name());
        assertEquals(List.of("Topic 'invoices-by-record-time' is retained by record timestamp"),
                Topics.retentionRisks(config, List.of(invoices, control.withLogAppendTime(true))).stream()
                        .map(w -> w.substring(0, w.indexOf(" (")))
                        .toList(), "the start-up check names the old-style topic and only it");

        int produced = Replay.produceAll(stack, invoices.name(), dataFile);
        Replay.produceAll(stack, control.name(), dataFile);

        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (logStart(control.name()) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        long controlStart = logStart(control.name());
        assertTrue(controlStart > 0, "the retention check ran and deleted the history retained by record time");
        assertEquals(0, logStart(invoices.name()), "nothing of the load retained by arrival was deleted");
        System.out.printf("retention check deleted the first %,d records of the control topic; the invoice topic "
                + "kept all %,d invoices%n", controlStart, produced);

        PlainRetailFeatures expected = PlainRetailFeatures.compute(dataFile);
        try (StreamApp app = StreamApp.start(config)) {
            app.awaitRunning(Duration.ofSeconds(60));
            long until = System.nanoTime() + Duration.ofMinutes(4).toNanos();
            while (app.counters().inputs() < produced && System.nanoTime() < until) {
                Thread.sleep(200);
            }
            assertEquals(produced, app.counters().inputs(), "every invoice of the load was processed");
            assertEquals(0, app.counters().deadLetters());
            assertEquals(0, app.health().lostRecords(invoices.name()), "no input reported lost");
        }
        Map<String, CustomerFeatures> latest = Replay.latestFeatures(stack, config.topics().features().name(),
                expected.customers.size());
        assertEquals(expected.customers.keySet(), latest.keySet());
        PlainBatchCheck.assertMatches(expected, latest);
    }

    /** Waits until the broker's metadata lists {@code topic}: creation returns when the controller has it. */
    private static void awaitListed(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                (Object) stack.bootstrapServers()))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!admin.listTopics().names().get().contains(topic)) {
                assertTrue(System.nanoTime() < deadline, "topic " + topic + " never listed");
                Thread.sleep(100);
            }
        }
    }

    /** The first offset still in the log, summed over the topic's partitions. */
    private static long logStart(String topic) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .size();
            Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.earliest());
            }
            return admin.listOffsets(request).all().get().values().stream().mapToLong(r -> r.offset()).sum();
        }
    }
}
