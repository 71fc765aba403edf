package io.segstream.app.produce;

import java.util.Properties;

import io.segstream.platform.config.KafkaClients;
import io.segstream.platform.config.SegstreamConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producer settings for publishing invoices. */
public final class ProducerSettings {

    private ProducerSettings() {
    }

    /**
     * The configuration's producer keys (Streams-only keys such as {@code application.id} are dropped so the client
     * does not warn about them), with batching defaults for bulk replay that the configuration may override, and
     * idempotence with {@code acks=all} that it may not: a retried batch must never duplicate an invoice.
     */
    public static Properties from(SegstreamConfig config) {
        Properties props = KafkaClients.share(config.kafkaProperties(), ProducerConfig.configNames());
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        props.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "segstream-produce");
        props.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }
}
