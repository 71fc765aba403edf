package io.segstream.trainer.publish;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.segstream.avro.SegmentModel;
import io.segstream.platform.config.KafkaClients;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes models to the compacted models topic, keyed by model name so compaction keeps the newest version of each,
 * with an idempotent producer so a retried send cannot publish a version twice.
 */
public final class ModelPublisher implements AutoCloseable {

    private final KafkaProducer<String, SegmentModel> producer;
    private final String topic;
    private final Duration timeout;

    /**
     * @param kafka Kafka client properties (at least {@code bootstrap.servers})
     * @param topic the models topic
     * @param values the serializer of {@link SegmentModel} values; closed with the publisher
     * @param timeout how long one publish may take
     */
    public ModelPublisher(Properties kafka, String topic, Serializer<SegmentModel> values, Duration timeout) {
        this.producer = new KafkaProducer<>(producerProperties(kafka), new StringSerializer(), values);
        this.topic = topic;
        this.timeout = timeout;
    }

    /**
     * Publishes a model and waits for the acknowledgement of all in-sync replicas.
     *
     * @param model the model
     * @return where it was written
     * @throws IllegalStateException when the write fails or times out
     */
    public RecordMetadata publish(SegmentModel model) {
        try {
            return producer.send(new ProducerRecord<>(topic, model.getModelName(), model))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing model " + model.getModelName(), e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("Cannot publish model " + model.getModelName() + " version "
                    + model.getVersion() + " to " + topic + ": " + cause.getMessage(), cause);
        }
    }

    static Properties producerProperties(Properties kafka) {
        Properties p = KafkaClients.share(kafka, ProducerConfig.configNames());
        p.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        // A model with many k scores is small, but a segments list of a wide model must still fit.
        p.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(4 * 1024 * 1024));
        return p;
    }

    @Override
    public void close() {
        producer.close(timeout);
    }
}
