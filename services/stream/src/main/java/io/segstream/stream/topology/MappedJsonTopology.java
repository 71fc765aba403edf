package io.segstream.stream.topology;

import java.util.List;

import io.segstream.avro.InvoiceEvent;
import io.segstream.platform.serde.RegistryRetry;
import io.segstream.stream.deadletter.DeadLetters;
import io.segstream.stream.validation.InvoiceChecks;
import io.segstream.stream.validation.InvoiceTimeExtractor;
import io.segstream.stream.validation.JsonInvoiceMapping;
import io.segstream.stream.validation.MappedJsonDecoder;
import io.segstream.stream.validation.MappedJsonIntake;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;

/**
 * Topics of invoices in the user's own JSON ({@code segstream.json-topics.*}): each is read from its start, decoded
 * by its mapping and checked like the JSON contract (failures to the dead letters), and written re-keyed by
 * customer to the Avro invoice topic, which the feature stage reads. The user's topic may be keyed and partitioned
 * any way; the trainer sees these invoices too.
 */
public final class MappedJsonTopology {

    private MappedJsonTopology() {
    }

    /**
     * @param mappings          the topics and where their fields are
     * @param invoiceSerializer encoder of the Avro invoice topic ({@link FeatureTopology.Spec#invoicesTopic()})
     */
    public record Spec(List<JsonInvoiceMapping> mappings, Serializer<InvoiceEvent> invoiceSerializer) {
        public Spec {
            mappings = List.copyOf(mappings);
        }
    }

    /** Adds one source, intake and two sinks per mapping to {@code topology}; returns it. */
    public static Topology addTo(Topology topology, FeatureTopology.Spec features, Spec spec) {
        InvoiceChecks checks = new InvoiceChecks(features.bounds());
        DeadLetters deadLetters = new DeadLetters(features.deadLetterLimits());
        RegistryRetry.Listener waits = FeatureTopology.registryWaits(features.counters());
        var bytes = Serdes.ByteArray();
        for (JsonInvoiceMapping mapping : spec.mappings()) {
            String node = "json-topic-" + mapping.name();
            MappedJsonDecoder decoder = new MappedJsonDecoder(mapping, features.bounds().maxLines());
            topology.addSource(AutoOffsetReset.earliest(), node + "-source",
                    new InvoiceTimeExtractor(decoder, features.bounds(), System::currentTimeMillis),
                    bytes.deserializer(), bytes.deserializer(), mapping.topic());
            topology.addProcessor(node + "-intake", () -> new MappedJsonIntake(decoder, checks, features.counters(),
                    node + "-invoices", node + "-dead-letters", deadLetters), node + "-source");
            topology.addSink(node + "-invoices", features.invoicesTopic(), Serdes.String().serializer(),
                    RegistryRetry.patient(spec.invoiceSerializer(), features.registryPatience(), waits),
                    node + "-intake");
            topology.addSink(node + "-dead-letters", features.deadLetters().name(),
                    features.deadLetters().keySerde().serializer(),
                    RegistryRetry.patient(features.deadLetters().valueSerde().serializer(),
                            features.registryPatience(), waits),
                    node + "-intake");
        }
        return topology;
    }
}
