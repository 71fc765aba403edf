package io.segstream.server.erase;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.segstream.server.cli.ConnectionOptions;
import io.segstream.avro.ErasureRequest;
import io.segstream.platform.config.KafkaClients;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.platform.serde.AvroSerdeConfig;
import io.segstream.platform.serde.SpecificAvroSerde;
import io.segstream.platform.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code segstream erase}: asks the running stream to erase customers everywhere segstream keeps them. */
@Command(name = "erase", mixinStandardHelpOptions = true,
        description = {"Writes one erasure request per customer to the erasure-requests topic. The stream then deletes"
                + " the customer's state, assignment and features (tombstones on customer-features and the store"
                + " changelogs) and emits a last segment change with cause ERASED. Invoices timestamped before the"
                + " request never bring the customer back; later ones start a new customer.",
            "Exit codes: 0 requested, 2 bad options, 1 failure."})
public final class EraseCommand implements Callable<Integer> {

    private static final long SEND_TIMEOUT_SECONDS = 60;

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "CUSTOMER", arity = "1..*", description = "Customer ids to erase.")
    List<String> customers = new ArrayList<>();

    @Option(names = "--reason", paramLabel = "TEXT",
            description = "Stored with each request, e.g. a ticket number. Never put personal data here.")
    String reason;

    @Override
    public Integer call() throws InterruptedException {
        for (String customer : customers) {
            if (customer.isBlank()) {
                throw new ParameterException(spec.commandLine(), "a CUSTOMER id must not be blank");
            }
        }
        SegstreamConfig config = connection.config();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String topic = config.topics().erasures().name();
        Instant requestedAt = Instant.now();
        Topics.ensure(config, List.of(config.topics().erasures()));
        Properties props = KafkaClients.share(config.kafkaProperties(), ProducerConfig.configNames());
        props.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        try (var serde = SpecificAvroSerde.create(ErasureRequest.class,
                AvroSerdeConfig.forValues(config.registryOptions()));
             var producer = new KafkaProducer<>(props, new StringSerializer(), serde.serializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (String customer : customers) {
                ErasureRequest request = ErasureRequest.newBuilder().setCustomerId(customer)
                        .setRequestedAt(requestedAt).setReason(reason).build();
                sent.add(producer.send(new ProducerRecord<>(topic, null, requestedAt.toEpochMilli(), customer,
                        request)));
            }
            for (Future<RecordMetadata> future : sent) {
                future.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            err.println("segstream erase: the requests could not be written to " + topic + ": " + cause);
            return 1;
        }
        out.printf("erasure requested for %,d customer%s at %s on %s%n", customers.size(),
                customers.size() == 1 ? "" : "s", requestedAt, topic);
        return 0;
    }
}
