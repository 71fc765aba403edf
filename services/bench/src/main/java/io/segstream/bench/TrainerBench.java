package io.segstream.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.segstream.avro.CustomerFeatures;
import io.segstream.devstack.EmbeddedStack;
import io.segstream.devstack.SyntheticFeatures;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.platform.serde.AvroSerdeConfig;
import io.segstream.platform.serde.SpecificAvroSerde;
import io.segstream.platform.topics.Topics;
import io.segstream.trainer.cycle.CycleResult;
import io.segstream.trainer.cycle.TrainingCycle;
import io.segstream.trainer.settings.TrainerSettings;
import io.segstream.trainer.snapshot.SnapshotReader;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The trainer at scale (#36): N synthetic customers written to the compacted features topic of a real broker as the
 * stream writes them (Avro through the registry, key the customer id), then one training cycle in this JVM: read the
 * model in force, snapshot (a bottom-k sample above {@code segstream.trainer.sample-above}), fit, publish. The
 * heap is measured during the cycle only: after every collection, the heap used once it finished, whose maximum
 * bounds the live set from above (old-generation garbage not yet collected counts too).
 */
public final class TrainerBench {

    private TrainerBench() {
    }

    /**
     * @param customers         customers in the snapshot
     * @param bootstrapServers  an external broker (its registry from {@code schema.registry.url}), or empty for an
     *                          embedded stack under the work directory
     * @param timeout           longest the production, the snapshot read or the publish may take
     */
    public record Options(long customers, Optional<String> bootstrapServers, Duration timeout) {
        /** Validates. */
        public Options {
            if (customers < 1 || customers > 1_000_000_000L) {
                throw new IllegalArgumentException("--customers must be 1..1000000000, got " + customers);
            }
        }
    }

    /**
     * @param customers      customers in the topic
     * @param produced       whether this run wrote them (false: the topic held them already)
     * @param produceSeconds wall time of writing them, 0 when reused
     * @param cycle          the cycle
     * @param cycleSeconds   wall time of the cycle
     * @param heapPeakBytes  largest heap used after a collection during the cycle
     * @param heapAfterBytes heap used after a full collection at the end, the cycle's result (snapshot, model) still
     *                       held: the retained set, without the garbage young collections leave in the old generation
     * @param heapMaxBytes   the heap limit ({@code -Xmx})
     * @param collections    collections during the cycle
     * @param settings       settings that shape the numbers
     */
    public record Result(long customers, boolean produced, double produceSeconds, CycleResult cycle,
                         double cycleSeconds, long heapPeakBytes, long heapAfterBytes, long heapMaxBytes,
                         long collections,
                         Map<String, String> settings) {
    }

    /** Writes the customers unless the topic holds them, runs one cycle and measures it. */
    public static Result run(SegstreamConfig base, Path workDir, boolean deleteWorkDir, Options options,
            PrintWriter log) throws Exception {
        EmbeddedStack stack = null;
        try {
            SegstreamConfig config = base;
            if (options.bootstrapServers().isPresent()) {
                config = config.with(SegstreamConfig.BOOTSTRAP_SERVERS, options.bootstrapServers().get());
                config.require(SegstreamConfig.REGISTRY_URL);
            } else {
                stack = EmbeddedStack.start(workDir.resolve("stack"));
                config = stack.configure(config);
            }
            // The synthetic topic has no invoices: the interest model is off unless asked for.
            if (config.get(TrainerSettings.INTEREST).isEmpty()) {
                config = config.with(TrainerSettings.INTEREST, "false");
            }
            Topics.ensure(config, List.of(config.topics().features(), config.topics().models()));
            String topic = config.topics().features().name();
            long held = records(config, topic);
            boolean produce = held == 0;
            if (!produce && held != options.customers()) {
                throw new IllegalStateException("Topic '" + topic + "' holds " + held + " records, not "
                        + options.customers() + ": use another work directory or topic (-D "
                        + SegstreamConfig.TOPIC_PREFIX + "features=...)");
            }
            double produceSeconds = 0;
            if (produce) {
                log.printf("writing %,d customers to %s%n", options.customers(), topic);
                log.flush();
                long t0 = System.nanoTime();
                produce(config, topic, options.customers());
                produceSeconds = (System.nanoTime() - t0) / 1e9;
                log.printf("wrote %,d customers in %.1f s%n", options.customers(), produceSeconds);
            } else {
                log.printf("reusing %s: it holds %,d customers%n", topic, held);
            }
            log.flush();
            TrainerSettings settings = TrainerSettings.from(config);
            System.gc();
            try (TrainingCycle cycle = new TrainingCycle(config, settings.training(), options.timeout(),
                    Clock.systemUTC()); HeapWatch heap = HeapWatch.start()) {
                long t0 = System.nanoTime();
                CycleResult result = cycle.run();
                double seconds = (System.nanoTime() - t0) / 1e9;
                long peak = heap.peak();
                return new Result(options.customers(), produce, produceSeconds, result, seconds, peak, heap.last(),
                        Runtime.getRuntime().maxMemory(), heap.collections(), Map.of(
                                TrainerSettings.SAMPLE_ABOVE, String.valueOf(settings.training().maxFitRows()),
                                TrainerSettings.N_INIT, String.valueOf(settings.training().nInit()),
                                "k", settings.training().minK() + ".." + settings.training().maxK(),
                                "partitions", String.valueOf(config.topics().features().partitions()),
                                "heap_peak_bytes", "largest heap used after a collection during the cycle, "
                                        + "a forced one at its end included",
                                "gc", ManagementFactory.getGarbageCollectorMXBeans().stream()
                                        .map(GarbageCollectorMXBean::getName).toList().toString()));
            }
        } finally {
            if (stack != null) {
                stack.close();
            }
            if (deleteWorkDir) {
                delete(workDir);
            }
        }
    }

    /** Records in the topic: end minus start offsets, 0 for an empty one. */
    static long records(SegstreamConfig config, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                SnapshotReader.consumerProperties(config.kafkaProperties()), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            long end = consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
            long start = consumer.beginningOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
            return end - start;
        }
    }

    private static void produce(SegstreamConfig config, String topic, long customers) {
        var props = config.kafkaProperties();
        Map<String, Object> producerProps = new java.util.HashMap<>();
        props.stringPropertyNames().stream().filter(ProducerConfig.configNames()::contains)
                .forEach(k -> producerProps.put(k, props.getProperty(k)));
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 50);
        producerProps.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        producerProps.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (var serde = SpecificAvroSerde.create(CustomerFeatures.class,
                AvroSerdeConfig.forValues(config.registryOptions()));
             var producer = new KafkaProducer<>(producerProps, new StringSerializer(), serde.serializer())) {
            SplittableRandom rng = new SplittableRandom(7);
            AtomicLong failed = new AtomicLong();
            for (long i = 0; i < customers; i++) {
                String id = customerId(i);
                producer.send(new ProducerRecord<>(topic, id, SyntheticFeatures.customer(id, rng)), (m, e) -> {
                    if (e != null) {
                        failed.incrementAndGet();
                    }
                });
            }
            producer.flush();
            if (failed.get() > 0) {
                throw new IllegalStateException(failed.get() + " of " + customers + " records were not written");
            }
        }
    }

    /** Ids of nine digits and more, like a shop's: the hash of the sample sees realistic keys. */
    static String customerId(long i) {
        return String.valueOf(100_000_000L + i);
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    /** Heap used after each collection while open, from the collectors' notifications. */
    private static final class HeapWatch implements AutoCloseable {
        private final AtomicLong peak = new AtomicLong();
        private final AtomicLong collections = new AtomicLong();
        private final AtomicLong last = new AtomicLong();
        private final List<NotificationEmitter> emitters = new ArrayList<>();
        /** The map after a collection has the non-heap pools (metaspace, code cache) too. */
        private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
                .collect(Collectors.toSet());
        private final NotificationListener listener = (notification, handback) -> {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                return;
            }
            var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                    .filter(e -> heapPools.contains(e.getKey())).mapToLong(e -> e.getValue().getUsed()).sum();
            peak.accumulateAndGet(used, Math::max);
            last.set(used);
            collections.incrementAndGet();
        };

        static HeapWatch start() {
            HeapWatch watch = new HeapWatch();
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof NotificationEmitter emitter) {
                    emitter.addNotificationListener(watch.listener, null, null);
                    watch.emitters.add(emitter);
                }
            }
            return watch;
        }

        /** Collects once more (what the cycle's result still holds counts) and waits for its notification. */
        long peak() throws InterruptedException {
            long before = collections.get();
            System.gc();
            for (int i = 0; i < 100 && collections.get() == before; i++) {
                Thread.sleep(20);
            }
            return peak.get();
        }

        /** Heap used after the last collection: after {@link #peak()}, what the cycle's result holds. */
        long last() {
            return last.get();
        }

        long collections() {
            return collections.get();
        }

        @Override
        public void close() throws Exception {
            for (NotificationEmitter emitter : emitters) {
                emitter.removeNotificationListener(listener);
            }
        }
    }
}
