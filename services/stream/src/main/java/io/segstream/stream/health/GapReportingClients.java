package io.segstream.stream.health;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clients Kafka Streams builds by default, except that the main consumer reports input deleted before it was
 * processed. Kafka Streams 4.3 leaves {@code auto.offset.reset} (earliest by default) to that consumer unless a source
 * has its own reset policy, so a position below the partition's log start is reset inside the consumer with one INFO
 * line. This supplier sets {@code none}, as Kafka Streams itself does when a source has its own policy: {@code poll}
 * then throws {@link OffsetOutOfRangeException} naming the partition and the position, which is reported here (ERROR
 * log, {@link InputGap}) and rethrown; Kafka Streams catches it and seeks per the source's policy, else the
 * configured {@code auto.offset.reset}, as before. Applies to the classic group protocol; under
 * {@code group.protocol=streams} Kafka Streams builds its consumer itself.
 */
public final class GapReportingClients implements KafkaClientSupplier {

    private static final Logger LOG = LoggerFactory.getLogger(GapReportingClients.class);

    private final Consumer<InputGap> gaps;

    /** Clients reporting each gap to {@code gaps} (called on a stream thread). */
    public GapReportingClients(Consumer<InputGap> gaps) {
        this.gaps = gaps;
    }

    @Override
    public Admin getAdmin(Map<String, Object> config) {
        return Admin.create(config);
    }

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        Map<String, Object> strict = new HashMap<>(config);
        strict.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        return new MainConsumer(strict, gaps);
    }

    @Override
    public org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return bytes(config);
    }

    @Override
    public org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        return bytes(config);
    }

    private static KafkaConsumer<byte[], byte[]> bytes(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The stream thread's consumer: reports, then rethrows, so Kafka Streams resets as it always does. */
    static final class MainConsumer extends KafkaConsumer<byte[], byte[]> {

        private final Consumer<InputGap> gaps;

        MainConsumer(Map<String, Object> config, Consumer<InputGap> gaps) {
            super(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            this.gaps = gaps;
        }

        @Override
        public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
            try {
                return super.poll(timeout);
            } catch (OffsetOutOfRangeException e) {
                report(e.offsetOutOfRangePartitions());
                throw e;
            }
        }

        private void report(Map<TopicPartition, Long> positions) {
            Map<TopicPartition, Long> logStart;
            try {
                logStart = beginningOffsets(positions.keySet());
            } catch (KafkaException e) {
                LOG.error("Input positions {} are out of range and their log start offsets are unknown ({}); records "
                        + "may have been deleted before they were processed", positions, e.toString());
                return;
            }
            positions.forEach((partition, position) -> {
                Long start = logStart.get(partition);
                if (start != null && position < start) {
                    InputGap gap = new InputGap(partition.topic(), partition.partition(), position, start - 1);
                    LOG.error("Input lost: {} partition {} offsets {}..{} ({} records) were deleted before they were "
                                    + "processed (retention or deleteRecords); the log now starts at {}",
                            gap.topic(), gap.partition(), gap.firstLost(), gap.lastLost(), gap.records(), start);
                    gaps.accept(gap);
                } else {
                    LOG.warn("Input position {} of {} is out of range but not below the log start {} (log truncated "
                            + "after an unclean leader election?); Kafka Streams resets it per auto.offset.reset",
                            position, partition, start);
                }
            });
        }
    }
}
