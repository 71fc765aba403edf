package io.segstream.app.produce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import io.segstream.app.cli.CliRun;
import io.segstream.avro.InvoiceEvent;
import io.segstream.devstack.EmbeddedStack;
import io.segstream.platform.registry.RegistryClientOptions;
import io.segstream.platform.registry.SchemaRegistryClient;
import io.segstream.platform.serde.AvroSerdeConfig;
import io.segstream.platform.serde.SpecificAvroSerde;
import io.segstream.devstack.KafkaProbe;
import io.segstream.stream.validation.Decoded;
import io.segstream.stream.validation.JsonInvoiceDecoder;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code segstream produce} against a real embedded broker and registry, started once for the class. */
@Tag("integration")
class ProduceIT {

    private static EmbeddedStack stack;

    @BeforeAll
    static void startStack() {
        stack = EmbeddedStack.start(Path.of("target", "produce-it-stack"));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void givenAMappedJsonTopicThatDoesNotExist_whenTheStreamStarts_thenItStopsNamingTheTopicAndTheSetting() {
        String prefix = "-Dsegstream.json-topics.shop.";
        CliRun run = CliRun.of("stream", "-b", stack.bootstrapServers(), "-r", stack.registryUrl(),
                prefix + "topic=shop-orders-nowhere", prefix + "invoice=/id", prefix + "customer=/customer/id",
                prefix + "time=/created_at", prefix + "product=/line_items/*/sku",
                prefix + "quantity=/line_items/*/quantity", prefix + "price=/line_items/*/price");
        assertEquals(2, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("Topic 'shop-orders-nowhere' of segstream.json-topics.shop.topic does not exist"),
                run.err());
    }

    @Test
    void givenOnlineRetailFile_whenProducedAsAvro_thenOneEventPerInvoiceKeyedAndTimedLikeTheCsv() throws IOException {
        Path file = ProduceFixtures.onlineRetail();
        long start = System.nanoTime();
        CliRun run = CliRun.of("produce", file.toString(), "--progress", "0",
                "-b", stack.bootstrapServers(), "-r", stack.registryUrl());
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("replay of %s: %.2f s, %.0f invoices/s%n%s", file.getFileName(), seconds,
                25_900 / seconds, run.out());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("produced      25,900 invoices (541,909 lines) to invoices (avro)"), run.out());

        Map<String, CsvInvoice> csv = readCsvPlainly(file);
        List<ConsumerRecord<String, byte[]>> records = consumeAll("invoices", csv.size());
        Set<String> seen = new HashSet<>();
        long lines = 0;
        long keyedEmpty = 0;
        try (SpecificAvroSerde<InvoiceEvent> serde = SpecificAvroSerde.create(InvoiceEvent.class,
                AvroSerdeConfig.forValues(stack.registryUrl()))) {
            for (ConsumerRecord<String, byte[]> record : records) {
                InvoiceEvent event = serde.deserializer().deserialize(record.topic(), record.value());
                String invoiceNo = event.getInvoiceNo();
                assertTrue(seen.add(invoiceNo), "invoice " + invoiceNo + " produced twice");
                CsvInvoice expected = csv.get(invoiceNo);
                assertEquals(expected.customer(), record.key(), invoiceNo);
                assertEquals(event.getCustomerId() == null ? "" : event.getCustomerId(), record.key(), invoiceNo);
                // The topic is retained by arrival: the broker stamps the record, the invoice time is in the value.
                assertEquals(expected.timeMillis(), event.getInvoiceTime().toEpochMilli(), invoiceNo);
                assertEquals(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME, record.timestampType());
                assertEquals(expected.lines(), event.getLines().size(), invoiceNo);
                lines += event.getLines().size();
                keyedEmpty += record.key().isEmpty() ? 1 : 0;
            }
        }
        long withoutCustomer = csv.values().stream().filter(i -> i.customer().isEmpty()).count();
        System.out.printf("events %d, lines %d, keyed \"\" %d, CSV invoices without customer %d%n",
                records.size(), lines, keyedEmpty, withoutCustomer);
        assertEquals(25_900, records.size());
        assertEquals(25_900, seen.size());
        assertEquals(541_909, lines);
        assertEquals(withoutCustomer, keyedEmpty);
        assertTrue(withoutCustomer > 0);
    }

    @Test
    void givenSubjectHoldingAnIncompatibleSchema_whenProduced_thenTheRefusalIsReportedAndNothingIsSent()
            throws Exception {
        String topic = "invoices-incompatible";
        // Another team's v1 under the subject: a record the current InvoiceEvent cannot read (BACKWARD refuses it).
        Schema foreign = SchemaBuilder.record("InvoiceEvent").namespace("io.segstream.avro").fields()
                .requiredInt("legacyCode").endRecord();
        try (SchemaRegistryClient client = SchemaRegistryClient.create(
                RegistryClientOptions.of(stack.registryUrl()))) {
            client.register(topic + "-value", foreign);
        }

        CliRun run = CliRun.of("produce", ProduceFixtures.onlineRetail().toString(),
                "--progress", "0", "-b", stack.bootstrapServers(), "-r", stack.registryUrl(),
                "-D", "segstream.topic.invoices=" + topic);

        System.out.println(run.err());
        assertEquals(1, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains("segstream produce: the schema registry refused the InvoiceEvent schema for"
                + " subject '" + topic + "-value'"), run.err());
        assertTrue(run.err().contains("BACKWARD"), run.err());
        assertTrue(run.err().contains("created " + topic + ", retained by arrival"), run.err());
        try (KafkaProbe probe = new KafkaProbe(stack.bootstrapServers())) {
            assertEquals(0L, probe.endOffsets(topic).values().stream().mapToLong(Long::longValue).sum(),
                    "nothing was sent");
        }
    }

    @Test
    void givenCustomLayoutFile_whenProducedAsJsonWithMappingOptions_thenEventsDecodeWithTheJsonContract() {
        List<String> args = new ArrayList<>(List.of("produce", "--json", "--progress", "0",
                "-b", stack.bootstrapServers(), "-D", "segstream.topic.invoices-json=shop-json"));
        args.addAll(List.of(ProduceFixtures.SHOP_MAPPING));
        args.add(ProduceFixtures.shopAmounts().toString());

        CliRun run = CliRun.of(args.toArray(String[]::new));

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("shop:shop-amounts.csv line 6: unparsable number in column Betrag"), run.out());
        assertTrue(run.out().contains("produced      5 invoices (5 lines) to shop-json (json)"), run.out());
        List<ConsumerRecord<String, byte[]>> records = consumeAll("shop-json", 5);
        Map<String, String> byInvoice = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            Decoded decoded = new JsonInvoiceDecoder().decode(record.value());
            InvoiceEvent event = assertInstanceOf(Decoded.Accepted.class, decoded, decoded.toString()).invoice();
            assertEquals(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME, record.timestampType());
            assertEquals(event.getCustomerId() == null ? "" : event.getCustomerId(), record.key());
            assertEquals("shop:shop-amounts.csv", event.getSource());
            assertEquals(1, event.getLines().size());
            byInvoice.put(event.getInvoiceNo(), record.key() + " " + event.getLines().get(0).getUnitPrice() + " "
                    + event.getInvoiceTime() + " " + event.getCountry());
        }
        // Without an invoice column every row is its own invoice, numbered by its line.
        assertEquals(Map.of(
                "L2", "C-100 12.5000 2024-03-01T09:15:00Z Deutschland",
                "L3", "C-101 7.9900 2024-03-01T10:02:00Z Deutschland",
                "L4", "C-100 120.0000 2024-03-03T17:45:00Z Österreich",
                "L5", " 3.2000 2024-03-04T08:00:00Z Deutschland",
                "L7", "C-101 45.1000 2024-03-06T19:05:00Z Deutschland"), byInvoice);
    }

    @Test
    void givenSyntheticGenerator_whenProducedWithALimit_thenExactlyThatManyEventsOfKnownCustomers() {
        CliRun run = CliRun.of("produce", "--synthetic", "--customers", "300",
                "--invoices", "1000", "--seed", "5", "--rate", "4000", "--progress", "0",
                "-b", stack.bootstrapServers(), "-r", stack.registryUrl(),
                "-D", "segstream.topic.invoices=synthetic-invoices");

        assertEquals(0, run.exit(), run.err());
        List<ConsumerRecord<String, byte[]>> records = consumeAll("synthetic-invoices", 1000);
        assertEquals(1000, records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            int customer = Integer.parseInt(record.key().substring(1));
            assertTrue(record.key().startsWith("S") && customer >= 0 && customer < 300, record.key());
        }
    }

    /** Every record of {@code topic}, polling until {@code expected} arrived and then once more for extras. */
    private static List<ConsumerRecord<String, byte[]>> consumeAll(String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
        }
        return records;
    }

    /** Per invoice number: customer ("" when empty), earliest row time, row count; read without the reader. */
    private static Map<String, CsvInvoice> readCsvPlainly(Path file) throws IOException {
        DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        Map<String, CsvInvoice> invoices = new HashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            in.readLine();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                List<String> f = split(line);
                String customer = f.get(6).endsWith(".0") ? f.get(6).substring(0, f.get(6).length() - 2) : f.get(6);
                long time = LocalDateTime.parse(f.get(4), format).toInstant(ZoneOffset.UTC).toEpochMilli();
                invoices.merge(f.get(0), new CsvInvoice(customer, time, 1), (a, b) ->
                        new CsvInvoice(a.customer(), Math.min(a.timeMillis(), b.timeMillis()), a.lines() + 1));
            }
        }
        return invoices;
    }

    /** RFC 4180 split of one line; the data set has quoted commas but no embedded newlines. */
    private static List<String> split(String line) {
        List<String> fields = new ArrayList<>(8);
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                field.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    private record CsvInvoice(String customer, long timeMillis, int lines) {
    }
}
