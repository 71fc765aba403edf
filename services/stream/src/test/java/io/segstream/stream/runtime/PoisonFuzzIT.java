package io.segstream.stream.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;

import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.DeadLetter;
import io.segstream.avro.InvoiceEvent;
import io.segstream.devstack.EmbeddedStack;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.platform.serde.AvroSerdeConfig;
import io.segstream.platform.serde.SpecificAvroSerde;
import io.segstream.stream.testing.HostileInvoices;
import io.segstream.stream.testing.HostileInvoices.Poison;
import io.segstream.stream.testing.Replay;
import io.segstream.stream.testing.TopologyFixture;
import io.segstream.stream.validation.RejectReason;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Hostile records through a real broker, registry and the stream app with exactly-once, sent by a plain Kafka
 * producer: 2,400 seeded records of every kind the intake refuses (including well-formed values that break arithmetic
 * or memory) and 300 random byte mutations of valid records, interleaved with 3,000 valid invoices, some stamped in
 * the year 2100 on topics that accept any timestamp, as every broker before Kafka 4.0 does. Every hostile record is a
 * dead letter with its reason, every valid invoice is applied exactly, the instance stays RUNNING on the same
 * threads throughout, and nothing is lost.
 */
@Tag("integration")
class PoisonFuzzIT {

    private static final int HOSTILE = 2_400;
    private static final int MUTATED = 300;
    private static final int VALID = 3_000;
    private static final int CUSTOMERS = 150;
    private static final Instant YEAR_2100 = Instant.parse("2100-01-01T00:00:00Z");
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

    private record Sent(String topic, int partition, long offset) {
    }

    /** A record handed to the producer: the hostile reason it was drawn for (null if none) and its acknowledgement. */
    private record Pending(String topic, RejectReason reason, boolean mutated, Future<RecordMetadata> ack) {

        /** Where the broker put it, or null for a record it refused as too large (only a hostile one may be). */
        Sent await() throws InterruptedException, ExecutionException {
            try {
                RecordMetadata m = ack.get();
                return new Sent(topic, m.partition(), m.offset());
            } catch (ExecutionException e) {
                if (reason != null && e.getCause() instanceof RecordTooLargeException) {
                    return null; // a 1 MB description beyond the broker's message.max.bytes never reaches the stream
                }
                throw e;
            }
        }
    }

    @Test
    void givenHostileRecordsAmongValidOnes_whenStreamed_thenEachIsADeadLetterAndTheValidOnesAreExact()
            throws Exception {
        SegstreamConfig config = Replay.isolatedConfig(stack, "fuzz", Map.of());
        String avroTopic = config.topics().invoices().name();
        String jsonTopic = config.topics().invoicesJson().name();
        acceptAnyTimestamp(List.of(avroTopic, jsonTopic));

        var serde = SpecificAvroSerde.create(InvoiceEvent.class, AvroSerdeConfig.forValues(stack.registryUrl()));
        Function<InvoiceEvent, byte[]> avro = e -> serde.serializer().serialize(avroTopic, e);
        Random random = new Random(20_261_205L);
        List<Function<Long, Poison>> kinds = new HostileInvoices(random, avro).kinds();
        Map<Sent, RejectReason> hostile = new HashMap<>();
        Set<Sent> mutated = ConcurrentHashMap.newKeySet();
        Map<String, long[]> expectedCount = new HashMap<>();
        Map<String, BigDecimal> expectedMoney = new HashMap<>();
        Map<RejectReason, Integer> drawn = new EnumMap<>(RejectReason.class);
        List<Pending> pending = new ArrayList<>();
        try (var producer = new KafkaProducer<>(producerProps(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            int hostileSent = 0;
            int mutatedSent = 0;
            int validSent = 0;
            long time = Instant.parse("2011-03-01T00:00:00Z").toEpochMilli();
            while (hostileSent < HOSTILE || mutatedSent < MUTATED || validSent < VALID) {
                time += 60_000;
                int draw = random.nextInt(20);
                // A record timestamp the producer chose: the invoice's time, now, or the year 2100.
                long stamp = switch (random.nextInt(3)) {
                    case 0 -> time;
                    case 1 -> System.currentTimeMillis();
                    default -> YEAR_2100.toEpochMilli();
                };
                if (validSent == 0 || validSent < VALID && (draw < 8 || hostileSent >= HOSTILE
                        && mutatedSent >= MUTATED)) {
                    String customer = "c" + random.nextInt(CUSTOMERS);
                    int quantity = 1 + random.nextInt(20);
                    String price = BigDecimal.valueOf(1 + random.nextInt(5_000), 2).toPlainString();
                    InvoiceEvent event = TopologyFixture.invoice("v" + validSent, customer,
                            Instant.ofEpochMilli(time).toString(), "P" + random.nextInt(50), quantity, price);
                    pending.add(send(producer, avroTopic, utf8(customer), avro.apply(event), stamp, null, false));
                    expectedCount.computeIfAbsent(customer, k -> new long[1])[0]++;
                    expectedMoney.merge(customer, new BigDecimal(price).multiply(BigDecimal.valueOf(quantity)),
                            BigDecimal::add);
                    validSent++;
                } else if (mutatedSent < MUTATED && (draw < 10 || hostileSent >= HOSTILE)) {
                    // Random bytes of a valid record flipped; its customer is its own, so whatever it decodes to
                    // touches no customer whose features are checked.
                    String customer = "m" + mutatedSent;
                    byte[] value = avro.apply(TopologyFixture.invoice("mu" + mutatedSent, customer,
                            Instant.ofEpochMilli(time).toString(), "A", 1, "1.00"));
                    for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                        value[random.nextInt(value.length)] ^= (byte) (1 + random.nextInt(255));
                    }
                    pending.add(send(producer, avroTopic, utf8(customer), value, stamp, null, true));
                    mutatedSent++;
                } else {
                    Poison p = kinds.get(random.nextInt(kinds.size())).apply(time);
                    if (p.reason() == RejectReason.INVALID_VALUES) {
                        continue; // drawn against a stricter cleaning policy than the app's default
                    }
                    pending.add(send(producer, p.json() ? jsonTopic : avroTopic, p.key(), p.value(), stamp,
                            p.reason(), false));
                    hostileSent++;
                }
            }
            producer.flush();
        }
        int sent = 0;
        for (Pending record : pending) {
            Sent at = record.await();
            if (at == null) {
                continue;
            }
            sent++;
            if (record.reason() != null) {
                hostile.put(at, record.reason());
                drawn.merge(record.reason(), 1, Integer::sum);
            } else if (record.mutated()) {
                mutated.add(at);
            }
        }

        List<String> statesAfterRunning = new ArrayList<>();
        List<String> threadsAtStart;
        List<String> threadsAtEnd;
        long lost;
        try (StreamApp app = StreamApp.start(config)) {
            app.awaitRunning(Duration.ofSeconds(60));
            threadsAtStart = threadNames(app.streams().metadataForLocalThreads());
            long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
            while (app.counters().inputs() < sent && System.nanoTime() < deadline) {
                KafkaStreams.State state = app.streams().state();
                if (state != KafkaStreams.State.RUNNING) {
                    statesAfterRunning.add(state.name());
                }
                Thread.sleep(50);
            }
            assertEquals(sent, app.counters().inputs(), "the stream did not see every record in time");
            threadsAtEnd = threadNames(app.streams().metadataForLocalThreads());
            lost = app.counters().deadLettersLost();
        }
        System.out.printf("%,d records: %,d hostile (%s), %,d mutated, %,d valid%n", sent, hostile.size(), drawn,
                MUTATED, VALID);
        assertTrue(hostile.size() >= 2_000, "at least 2,000 hostile records reached the broker: " + hostile.size());
        assertEquals(List.of(), statesAfterRunning, "the instance left RUNNING");
        assertEquals(threadsAtStart, threadsAtEnd, "no stream thread was replaced");
        assertEquals(0, lost, "no dead letter was lost");
        assertTrue(drawn.keySet().containsAll(List.of(RejectReason.FUTURE_TIME, RejectReason.PAST_TIME,
                RejectReason.TOO_MANY_LINES, RejectReason.AMOUNT_OUT_OF_BOUNDS, RejectReason.PRICE_OUT_OF_BOUNDS,
                RejectReason.UNDECODABLE, RejectReason.UNKNOWN_SCHEMA_ID, RejectReason.FIELD_TOO_LONG)), "" + drawn);

        var letterSerde = SpecificAvroSerde.create(DeadLetter.class, AvroSerdeConfig.forValues(stack.registryUrl()));
        Map<Sent, String> letters = new HashMap<>();
        for (var record : Replay.readAll(stack, config.topics().deadLetters().name(), letterSerde.deserializer())) {
            DeadLetter letter = record.value();
            letters.put(new Sent(letter.getSourceTopic(), letter.getPartition(), letter.getOffset()),
                    letter.getReason());
        }
        for (var e : hostile.entrySet()) {
            assertEquals(e.getValue().name(), letters.get(e.getKey()), "dead letter of " + e.getKey());
        }
        long mutatedLetters = letters.keySet().stream().filter(mutated::contains).count();
        assertEquals(hostile.size() + mutatedLetters, letters.size(), "nothing else became a dead letter");
        System.out.printf("%,d of %,d mutated records were dead letters; the rest still decoded as invoices%n",
                mutatedLetters, MUTATED);

        Map<String, CustomerFeatures> latest = Replay.latestFeatures(stack, config.topics().features().name(),
                expectedCount.size());
        for (var e : expectedCount.entrySet()) {
            CustomerFeatures f = latest.get(e.getKey());
            assertEquals(e.getValue()[0], f.getFrequency(), e.getKey());
            assertEquals(expectedMoney.get(e.getKey()).doubleValue(), f.getMonetary(), 1e-6, e.getKey());
            assertTrue(f.getAsOf().isBefore(Instant.parse("2012-01-01T00:00:00Z")), "stream time stayed with the"
                    + " invoices, not the record timestamps: " + f.getAsOf());
        }
    }

    private static Pending send(KafkaProducer<byte[], byte[]> producer, String topic, byte[] key, byte[] value,
                                long timestamp, RejectReason reason, boolean mutated) {
        return new Pending(topic, reason, mutated,
                producer.send(new ProducerRecord<>(topic, null, timestamp, key, value)));
    }

    /** Topics that take any record timestamp, as every broker before Kafka 4.0 does by default. */
    private static void acceptAnyTimestamp(Collection<String> topics) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            Map<ConfigResource, Collection<AlterConfigOp>> ops = new HashMap<>();
            for (String topic : topics) {
                ops.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(new AlterConfigOp(
                        new ConfigEntry("message.timestamp.after.max.ms", String.valueOf(Long.MAX_VALUE)),
                        AlterConfigOp.OpType.SET)));
            }
            admin.incrementalAlterConfigs(ops).all().get();
        }
    }

    private static Properties producerProps() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(2 << 20));
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // Sent without waiting for each acknowledgement (one at a time took half the test). One request in flight
        // keeps the records in the order sent; without idempotence a batch the broker refuses as too large fails
        // alone instead of putting the partition's later sequence numbers out of order.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }

    private static List<String> threadNames(Set<ThreadMetadata> threads) {
        return threads.stream().map(ThreadMetadata::threadName).sorted().toList();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
