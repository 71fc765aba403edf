package io.segstream.server.watch;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segstream.server.cli.ConnectionOptions;
import io.segstream.server.cli.DurationConverter;
import io.segstream.avro.ChangeCause;
import io.segstream.avro.SegmentChange;
import io.segstream.platform.config.KafkaClients;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.platform.mapping.ExplanationText;
import io.segstream.platform.serde.AvroSerdeConfig;
import io.segstream.platform.serde.SpecificAvroSerde;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code segstream watch}: tails the segment-changes topic as JSON lines, filtered. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Prints segment changes as JSON lines (read_committed) with a one-line \"why\" from their "
                + "explanation, filtered by customer, segment or cause.")
public final class WatchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--customer", paramLabel = "ID", description = "Only this customer (repeatable).")
    Set<String> customers = new LinkedHashSet<>();

    @Option(names = "--segment", paramLabel = "ID|NAME", description = "Only moves into or out of this segment "
            + "(repeatable).")
    Set<String> segments = new LinkedHashSet<>();

    @Option(names = "--cause", paramLabel = "CAUSE", description = "Only this cause (repeatable): ${COMPLETION-CANDIDATES}.")
    Set<ChangeCause> causes = new LinkedHashSet<>();

    @Option(names = "--from-beginning", description = "Start at the oldest change instead of new ones.")
    boolean fromBeginning;

    @Option(names = "--max", paramLabel = "N", description = "Stop after printing N changes.")
    long max = Long.MAX_VALUE;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop after this long without any change, e.g. 30s. Default: never.")
    Duration idleTimeout;

    @Override
    public Integer call() {
        SegstreamConfig config = connection.config();
        PrintWriter out = spec.commandLine().getOut();
        ChangeFilter filter = new ChangeFilter(customers, segments, causes);
        ObjectMapper json = new ObjectMapper();
        var serde = SpecificAvroSerde.create(SegmentChange.class,
                AvroSerdeConfig.forValues(config.registryOptions()));
        long printed = 0;
        long lastSeen = System.nanoTime();
        try (var consumer = new KafkaConsumer<>(consumerProperties(config), new StringDeserializer(),
                serde.deserializer())) {
            String topic = config.topics().changes().name();
            try {
                if (consumer.partitionsFor(topic, Duration.ofSeconds(15)).isEmpty()) {
                    throw new IllegalStateException("Topic '" + topic + "' does not exist on "
                            + config.require(SegstreamConfig.BOOTSTRAP_SERVERS) + " (is the stream app running?)");
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("No Kafka broker answered at "
                        + config.require(SegstreamConfig.BOOTSTRAP_SERVERS) + " within 15 s");
            }
            consumer.subscribe(List.of(topic));
            while (printed < max) {
                var records = consumer.poll(Duration.ofMillis(250));
                if (!records.isEmpty()) {
                    lastSeen = System.nanoTime();
                }
                for (ConsumerRecord<String, SegmentChange> record : records) {
                    if (printed < max && filter.test(record.value())) {
                        ObjectNode line = AvroJson.of(record.value());
                        line.put("why", ExplanationText.of(record.value()));
                        out.println(json.writeValueAsString(line));
                        printed++;
                    }
                }
                out.flush();
                if (idleTimeout != null && System.nanoTime() - lastSeen > idleTimeout.toNanos()) {
                    break;
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot print a change as JSON", e);
        }
        return 0;
    }

    private Properties consumerProperties(SegstreamConfig config) {
        // The consumer's share of the client settings, so security.protocol, sasl.* and ssl.* reach it too.
        Properties props = KafkaClients.share(config.kafkaProperties(), ConsumerConfig.configNames());
        props.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.require(SegstreamConfig.BOOTSTRAP_SERVERS));
        props.setProperty(ConsumerConfig.GROUP_ID_CONFIG, "segstream-watch-" + UUID.randomUUID());
        props.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        props.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return props;
    }
}
