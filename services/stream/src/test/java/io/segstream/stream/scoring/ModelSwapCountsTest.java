package io.segstream.stream.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.segstream.avro.ChangeCause;
import io.segstream.avro.CustomerAssignment;
import io.segstream.avro.CustomerFeatures;
import io.segstream.avro.FeatureTrigger;
import io.segstream.avro.SegmentChange;
import io.segstream.avro.SegmentModel;
import io.segstream.core.features.CustomerState;
import io.segstream.core.features.Features;
import io.segstream.platform.mapping.FeaturesMapping;
import io.segstream.platform.serde.AvroSerdeConfig;
import io.segstream.platform.serde.SpecificAvroSerde;
import io.segstream.stream.runtime.StreamMetrics;
import io.segstream.stream.console.ConsoleData;
import io.segstream.stream.drift.DriftMonitor;
import io.segstream.stream.features.CustomerRecord;
import io.segstream.stream.features.CustomerRecordCodec;
import io.segstream.stream.features.CustomerUpdate;
import io.segstream.stream.features.FeatureStores;
import io.segstream.stream.features.StreamClock;
import io.segstream.stream.testing.SharedRegistry;
import io.segstream.stream.testing.TestModels;
import io.segstream.stream.validation.IntakeCounters;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A hot swap over 12,000 customers, watched as a scrape would: a second thread refreshes the meters and samples the
 * console all along while the re-scoring pass runs in chunks and customers keep buying. Customer ids grow with
 * tenure, so the pass (in key order) reaches the long-lapsed customers first: counts of a half-done pass would look
 * like massive drift.
 */
class ModelSwapCountsTest {

    private static final List<String> FEATURES = List.of("recency", "frequency", "monetary");
    private static final long T0 = Instant.parse("2011-06-01T00:00:00Z").toEpochMilli();
    private static final byte[] STATE = new CustomerState().encode();
    private static final int CUSTOMERS = 12_000;
    private static final int CHUNK = 400;

    private final SpecificAvroSerde<SegmentModel> models = SpecificAvroSerde.create(SegmentModel.class,
            AvroSerdeConfig.forValues(SharedRegistry.url()));
    private final ScoringReadModel counters = new ScoringReadModel();
    private final DriftMonitor drift = new DriftMonitor();
    private final StreamClock clock = new StreamClock();
    private MockProcessorContext<String, SegmentChange> context;
    private KeyValueStore<String, byte[]> modelStore;
    private final CustomerRecordCodec codec = new CustomerRecordCodec();
    private KeyValueStore<String, byte[]> records;
    private ScoringProcessor processor;

    /** What one scrape saw. */
    private record Scrape(double segmentSum, double assigned, double segmentPsi, double maxFeaturePsi,
                          double driftVersion, double progress, long consoleSum) {
    }

    @BeforeEach
    void start() {
        context = new MockProcessorContext<>();
        context.setCurrentStreamTimeMs(T0);
        clock.advance(T0);
        records = store(FeatureStores.CUSTOMER_STATE, Serdes.ByteArray());
        store(FeatureStores.LEGACY_ASSIGNMENTS, Serdes.ByteArray());
        store(ScoringStores.HISTORY, Serdes.ByteArray());
        store(ScoringStores.META, Serdes.String());
        modelStore = store(ScoringStores.MODELS, Serdes.ByteArray());
        processor = new ScoringProcessor("rfm", "segment-models", models.deserializer(), counters, drift, CHUNK,
                Duration.ofMillis(200));
        processor.init(context);
    }

    @AfterEach
    void stop() {
        processor.close();
        models.close();
    }

    @Test
    void givenTwelveThousandCustomers_whenAModelIsSwappedUnderScrapes_thenSizesNeverDipAndNoDriftAlertFires()
            throws Exception {
        Random random = new Random(38);
        List<CustomerFeatures> population = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            population.add(customer(id(i), i, random));
        }
        publish(TestModels.fitted(1, FEATURES, population, 4, 1));
        punctuate();
        population.forEach(f -> update(f.getCustomerId(), f));
        punctuate();
        assertEquals(1L, drift.snapshot().version(), "v1 scored everyone");

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        StreamMetrics metrics = StreamMetrics.bind(registry, new IntakeCounters(), counters, drift);
        ConsoleData console = new ConsoleData(counters, drift, clock);
        List<Scrape> scrapes = new CopyOnWriteArrayList<>();
        AtomicBoolean swapping = new AtomicBoolean(true);
        Thread scraper = Thread.ofPlatform().start(() -> {
            while (swapping.get()) {
                scrapes.add(scrape(registry, metrics, console));
            }
        });

        // A refit on the same population with one segment more: most customers change segment id by the model alone.
        publish(TestModels.fitted(2, FEATURES, population, 5, 7));
        int newcomers = 0;
        int passes = 0;
        while (drift.snapshot().rescoreProgress() < 1 || drift.snapshot().version() != 2) {
            punctuate();
            passes++;
            // Customers keep buying during the pass: some return, some are new.
            for (int n = 0; n < 20; n++) {
                int i = random.nextInt(CUSTOMERS);
                update(id(i), customer(id(i), i, random));
            }
            update("n" + passes, customer("n" + passes, CUSTOMERS, random));
            newcomers++;
            Thread.sleep(2);
            assertTrue(passes < 100, "the pass ends");
        }
        swapping.set(false);
        scraper.join();
        Scrape last = scrape(registry, metrics, console);

        assertTrue(passes >= CUSTOMERS / CHUNK, "the pass took " + passes + " chunks");
        assertTrue(scrapes.size() >= 100, "many scrapes during the swap: " + scrapes.size());
        double segmentAlert = threshold("segstream_drift_segment_psi");
        double featureAlert = threshold("segstream_drift_feature_psi");
        Scrape before = null;
        boolean sawPartialPass = false;
        for (Scrape s : scrapes) {
            assertEquals(s.assigned(), s.segmentSum(), "the segment gauges sum to the assigned customers: " + s);
            assertTrue(s.segmentSum() >= CUSTOMERS, "nobody left: " + s);
            assertTrue(s.consoleSum() >= CUSTOMERS, "the console's newest sizes hold everyone: " + s);
            if (before != null) {
                assertTrue(s.segmentSum() >= before.segmentSum(), "the sum never drops: " + before + " then " + s);
            }
            assertFalse(s.segmentPsi() > segmentAlert, "segment drift alert condition from the swap: " + s);
            assertFalse(s.maxFeaturePsi() > featureAlert, "feature drift alert condition from the swap: " + s);
            if (s.driftVersion() == 2) {
                assertEquals(1.0, s.progress(), "v2's drift only once its pass is complete: " + s);
            } else {
                assertEquals(1.0, s.driftVersion(), s.toString());
            }
            sawPartialPass |= s.progress() > 0 && s.progress() < 1;
            before = s;
        }
        assertTrue(sawPartialPass, "scrapes saw the pass half done");
        assertEquals(CUSTOMERS + newcomers, last.segmentSum());
        assertEquals(CUSTOMERS + newcomers, last.consoleSum());
        assertEquals(2.0, last.driftVersion());
        assertEquals(1.0, last.progress());
        assertTrue(last.segmentPsi() < 0.01, "v2 on its own training population: " + last);

        // The console's series never dips either, sample after sample.
        @SuppressWarnings("unchecked")
        var series = (List<Map<String, Object>>) ((Map<String, Object>) console.overview().get("sizes"))
                .get("series");
        List<Long> totals = totals(series);
        assertTrue(totals.size() > 10, "console samples: " + totals.size());
        for (int t = 1; t < totals.size(); t++) {
            assertTrue(totals.get(t) >= totals.get(t - 1), "console sizes dip at sample " + t + ": " + totals);
        }

        // The console's chart and the gauges are the same series: per segment, its newest point is the gauge.
        for (Map<String, Object> segment : series) {
            @SuppressWarnings("unchecked")
            List<Long> values = (List<Long>) segment.get("values");
            assertEquals((double) values.getLast(), registry.get("segstream.segment.customers")
                    .tag("segment", segment.get("id").toString()).gauge().value(), "segment " + segment.get("id"));
        }

        // The model's moves are counted apart from the customers' own, in the counters and the console.
        long modelMoves = counters.changes(ChangeCause.MODEL_UPDATE);
        assertTrue(modelMoves > 1000, "v2 re-cuts the segments: " + modelMoves);
        ConsoleData fresh = new ConsoleData(counters, drift, clock);
        fresh.sample();
        Map<String, Object> overview = fresh.overview();
        assertEquals(modelMoves, matrixTotal(overview.get("modelTransitions")));
        assertEquals(counters.changes() - modelMoves, matrixTotal(overview.get("transitions")));
    }

    private static Scrape scrape(SimpleMeterRegistry registry, StreamMetrics metrics, ConsoleData console) {
        metrics.refresh();
        double sum = registry.find("segstream.segment.customers").gauges().stream().mapToDouble(Gauge::value).sum();
        double features = registry.find("segstream.drift.feature.psi").gauges().stream().mapToDouble(Gauge::value)
                .max().orElse(Double.NaN);
        Scrape s = new Scrape(sum, registry.get("segstream.customers.assigned").gauge().value(),
                registry.get("segstream.drift.segment.psi").gauge().value(), features,
                registry.get("segstream.drift.model.version").gauge().value(),
                registry.get("segstream.model.rescore.progress").gauge().value(), 0);
        console.sample();
        @SuppressWarnings("unchecked")
        var series = (List<Map<String, Object>>) ((Map<String, Object>) console.overview().get("sizes"))
                .get("series");
        List<Long> totals = totals(series);
        return new Scrape(s.segmentSum(), s.assigned(), s.segmentPsi(), s.maxFeaturePsi(), s.driftVersion(),
                s.progress(), totals.isEmpty() ? 0 : totals.getLast());
    }

    @SuppressWarnings("unchecked")
    private static List<Long> totals(List<Map<String, Object>> series) {
        List<Long> totals = new ArrayList<>();
        for (Map<String, Object> s : series) {
            List<Long> values = (List<Long>) s.get("values");
            for (int t = 0; t < values.size(); t++) {
                if (totals.size() <= t) {
                    totals.add(0L);
                }
                totals.set(t, totals.get(t) + values.get(t));
            }
        }
        return totals;
    }

    @SuppressWarnings("unchecked")
    private static long matrixTotal(Object matrix) {
        return ((List<List<Long>>) ((Map<String, Object>) matrix).get("counts")).stream().flatMap(List::stream)
                .mapToLong(Long::longValue).sum();
    }

    /** The alert's threshold on {@code metric}, as the shipped rules have it. */
    private static double threshold(String metric) throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve("deploy/prometheus/rules/segstream-alerts.yml"))) {
            dir = dir.getParent();
        }
        String rules = Files.readString(dir.resolve("deploy/prometheus/rules/segstream-alerts.yml"));
        Matcher m = Pattern.compile(Pattern.quote(metric) + "\\)\\s*>\\s*([0-9.]+)").matcher(rules);
        assertTrue(m.find(), "an alert on " + metric);
        return Double.parseDouble(m.group(1));
    }

    private static String id(int i) {
        return String.format(Locale.ROOT, "c%05d", i);
    }

    /** Lower ids joined earlier: the first third mostly lapsed, the last third mostly recent. */
    private static CustomerFeatures customer(String id, int index, Random random) {
        int recency = (int) Math.max(0, 300.0 * (CUSTOMERS - index) / CUSTOMERS + random.nextGaussian() * 30);
        int frequency = 1 + (int) Math.abs(random.nextGaussian() * 6);
        double monetary = Math.round(50 + Math.abs(random.nextGaussian()) * 400 * frequency);
        Features f = new Features(T0, T0 - 400L * 86_400_000, T0 - recency * 86_400_000L, recency, frequency,
                (long) (monetary * 10_000), monetary, 400, monetary / frequency, 5, 1, monetary, null);
        return FeaturesMapping.toAvro(id, f, FeatureTrigger.PURCHASE);
    }

    /** The feature stage's part: the record with its new state and stored assignment goes with the features. */
    private void update(String customer, CustomerFeatures features) {
        byte[] stored = records.get(customer);
        CustomerAssignment previous = stored == null ? null : codec.assignment(stored, () -> null);
        processor.process(new Record<>(customer, new CustomerUpdate(features, new CustomerRecord(STATE, previous)),
                T0));
    }

    private void publish(SegmentModel model) {
        modelStore.put("rfm", models.serializer().serialize("segment-models", model));
    }

    private void punctuate() {
        context.scheduledPunctuators().stream().filter(p -> p.getType() == PunctuationType.WALL_CLOCK_TIME)
                .findFirst().orElseThrow().getPunctuator().punctuate(T0);
    }

    private <V> KeyValueStore<String, V> store(String name, Serde<V> values) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), values).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }
}
