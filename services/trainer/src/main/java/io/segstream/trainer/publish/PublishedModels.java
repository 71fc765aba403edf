package io.segstream.trainer.publish;

import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

import io.segstream.avro.SegmentModel;
import io.segstream.trainer.snapshot.CompactedTopicReader;
import io.segstream.trainer.snapshot.SnapshotReader;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads back the model in force from the compacted models topic, so a restarted trainer continues its versions. */
public final class PublishedModels {

    private PublishedModels() {
    }

    /**
     * The latest model of a name: the last value of its key up to the current end of the topic.
     *
     * @param kafka Kafka client properties
     * @param topic the models topic
     * @param modelName the key
     * @param values the deserializer of {@link SegmentModel} values
     * @param timeout the longest the read may take
     * @return the model, or empty when none was published or the last record is a tombstone
     */
    public static Optional<SegmentModel> latest(Properties kafka, String topic, String modelName,
            Deserializer<SegmentModel> values, Duration timeout) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                SnapshotReader.consumerProperties(kafka), new StringDeserializer(),
                new ByteArrayDeserializer());
        try {
            AtomicReference<byte[]> last = new AtomicReference<>();
            AtomicReference<String> lastTopic = new AtomicReference<>(topic);
            CompactedTopicReader.read(consumer, topic, timeout, r -> {
                if (modelName.equals(r.key())) {
                    // Decode only the winner: older versions may use schemas this reader no longer needs.
                    last.set(r.value());
                    lastTopic.set(r.topic());
                }
            });
            return Optional.ofNullable(last.get()).map(bytes -> values.deserialize(lastTopic.get(), bytes));
        } finally {
            SnapshotReader.closeNow(consumer);
        }
    }
}
