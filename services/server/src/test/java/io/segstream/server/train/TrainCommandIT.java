package io.segstream.server.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.segstream.server.SegstreamServer;
import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.FeatureTrigger;
import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.core.features.BatchFeatures;
import io.segstream.core.features.Features;
import io.segstream.core.features.ProductDictionary;
import io.segstream.ingest.TransactionReader;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.devstack.EmbeddedStack;
import io.segstream.platform.serde.AvroSerdeConfig;
import io.segstream.platform.serde.SpecificAvroSerde;
import io.segstream.testing.TestData;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code segstream train --once} end to end: the Online Retail features on an embedded broker and registry. */
@Tag("integration")
class TrainCommandIT {

    @Test
    void givenFeaturesOnTheTopic_whenTrainOnceTwice_thenProfileTablesOfVersions1And2() {
        try (EmbeddedStack stack = EmbeddedStack.start(Path.of("target", "stack-run", "TrainCommandIT"))) {
            SegstreamConfig config = stack.configure(SegstreamConfig.load(Optional.empty(), Map.of()));
            stack.createTopics(List.of(config.topics().features(), config.topics().models()));
            produce(stack, config.topics().features().name(), features());
            String[] args = {"train", "--once", "-b", stack.bootstrapServers(), "-r", stack.registryUrl()};

            StringWriter first = new StringWriter();
            assertEquals(0, SegstreamServer.commandLine().setOut(new PrintWriter(first)).execute(args));
            StringWriter second = new StringWriter();
            assertEquals(0, SegstreamServer.commandLine().setOut(new PrintWriter(second)).execute(args));
            StringWriter refused = new StringWriter();
            int code = SegstreamServer.commandLine().setOut(new PrintWriter(refused))
                    .execute(concat(args, "--min-customers", "5000"));

            System.out.println(first);
            System.out.println(second);
            System.out.println(refused);
            assertTrue(first.toString().startsWith("Model rfm version 1: 4,372 customers (fitted on 4,317)"), first.toString());
            assertTrue(first.toString().contains("<- chosen"));
            assertTrue(second.toString().startsWith("Model rfm version 2:"), second.toString());
            assertTrue(second.toString().contains("0 of 4,372 customers change segment (0.00%)"), second.toString());
            assertEquals(TrainCommand.REFUSED, code);
            assertTrue(refused.toString().startsWith("Model not published (TOO_FEW_CUSTOMERS)"), refused.toString());
            assertTrue(refused.toString().contains("Keeping version 2"), refused.toString());
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static Map<String, Features> features() {
        Path file = TestData.onlineRetail();
        try (TransactionReader reader = TransactionReader.open(file)) {
            BatchFeatures.States states = BatchFeatures.states(reader, CleaningPolicy.pandasEquivalent(),
                    new ProductDictionary());
            return states.features(states.maxInvoiceMillis());
        }
    }

    private static void produce(EmbeddedStack stack, String topic, Map<String, Features> features) {
        try (var serde = SpecificAvroSerde.create(CustomerFeatures.class, AvroSerdeConfig.forValues(stack.registryUrl()));
             var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                     stack.bootstrapServers()), new StringSerializer(), serde.serializer())) {
            features.forEach((id, f) -> producer.send(new ProducerRecord<>(topic, id, CustomerFeatures.newBuilder()
                    .setCustomerId(id).setAsOf(Instant.ofEpochMilli(f.asOfMillis()))
                    .setFirstPurchase(Instant.ofEpochMilli(f.firstPurchaseMillis()))
                    .setLastPurchase(Instant.ofEpochMilli(f.lastPurchaseMillis())).setRecencyDays(f.recencyDays())
                    .setFrequency(f.frequency()).setMonetary(f.monetary()).setLengthDays(f.lengthDays())
                    .setAvgSpend(f.avgSpend()).setUniqueProducts(f.uniqueProducts()).setFrequency6m(f.frequency6m())
                    .setMonetary6m(f.monetary6m()).setTrigger(FeatureTrigger.PURCHASE).build())));
            producer.flush();
        }
    }
}
