package io.segstream.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.segstream.platform.topics.EventHeaders;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A read_committed consumer of the features and segment-change topics that records, per measurement window,
 * receive wall time minus the {@link EventHeaders#SENT_AT} header the producer stamped on the invoice. Records are
 * attributed to a window by their send time, so late arrivals still count towards the window they were sent in.
 * Values are never decoded: only the header matters.
 */
final class LatencyProbe implements AutoCloseable {

    /** A send-time interval and the latencies of records sent within it. */
    static final class Window {
        final long startMillis;
        volatile long endMillis = Long.MAX_VALUE;
        final LatencyRecorder features = new LatencyRecorder();
        final LatencyRecorder changes = new LatencyRecorder();

        Window(long startMillis) {
            this.startMillis = startMillis;
        }
    }

    private final String featuresTopic;
    private final String changesTopic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<Window> windows = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long received;

    LatencyProbe(String bootstrapServers, String featuresTopic, String changesTopic) {
        this.featuresTopic = featuresTopic;
        this.changesTopic = changesTopic;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(featuresTopic, changesTopic)) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        this.thread = new Thread(this::loop, "bench-latency-probe");
        thread.setDaemon(true);
        thread.start();
    }

    /** Opens a window starting now; records sent from now on count towards it until {@link #close(Window)}. */
    Window open() {
        Window window = new Window(System.currentTimeMillis());
        windows.add(window);
        return window;
    }

    /** Ends the window: records sent from now on no longer count towards it. */
    void close(Window window) {
        window.endMillis = System.currentTimeMillis();
    }

    /** Stops attributing records to the window, so a long run does not keep every window's latencies. */
    void forget(Window window) {
        windows.remove(window);
    }

    /** Records received so far, all topics, in or out of windows. */
    long received() {
        return received;
    }

    private void loop() {
        try {
            while (running) {
                poll();
            }
        } catch (WakeupException e) {
            // close() asked to stop
        }
    }

    private void poll() {
        var records = consumer.poll(Duration.ofMillis(50));
        long now = System.currentTimeMillis();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            received++;
            Header header = record.headers().lastHeader(EventHeaders.SENT_AT);
            if (header == null) {
                continue;
            }
            long sentAt = Long.parseLong(new String(header.value(), StandardCharsets.US_ASCII));
            Window window = find(sentAt);
            if (window != null) {
                (record.topic().equals(changesTopic) ? window.changes : window.features).record(now - sentAt);
            }
        }
    }

    private Window find(long sentAt) {
        for (Window w : windows) {
            if (sentAt >= w.startMillis && sentAt < w.endMillis) {
                return w;
            }
        }
        return null;
    }

    /** Stops the consumer; the windows' recorders may be read afterwards. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
        consumer.close(Duration.ofSeconds(5));
    }

    String featuresTopic() {
        return featuresTopic;
    }
}
