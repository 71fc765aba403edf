package io.segstream.platform.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process's metrics: a Prometheus registry with the JVM binders and a {@code service} tag, plus hooks that
 * refresh meters whose set of tags changes at run time (segments appear, features come with a model) right before
 * each scrape. Services bind their own meters to {@link #registry()}; closing releases the binders.
 */
public final class Metrics implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Metrics.class);

    private final PrometheusMeterRegistry registry;
    private final List<Runnable> refreshers = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();
    private final KafkaRefresh kafkaRefresh = new KafkaRefresh();

    private Metrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * A registry tagged {@code service=<service>} with class loader, memory, GC, thread, CPU and uptime metrics.
     *
     * @param service the service name, e.g. {@code stream}, {@code trainer}, {@code demo}
     */
    public static Metrics create(String service) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("service", service);
        Metrics metrics = new Metrics(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        metrics.closeables.add(gc);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return metrics;
    }

    /** Where services register their meters. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Runs {@code refresher} before every scrape; it must be quick and must not throw. */
    public void onScrape(Runnable refresher) {
        refreshers.add(refresher);
    }

    /**
     * The scheduler to hand to Micrometer's Kafka binders: they look for new client metrics (partition lag appears
     * only after assignment) every minute by default; this one makes it every 5 s.
     */
    public ScheduledExecutorService kafkaScheduler() {
        return kafkaRefresh;
    }

    /** Closes {@code binder} (e.g. a Kafka client metrics binder) with this. */
    public void closeWith(AutoCloseable binder) {
        closeables.add(binder);
    }

    /** The Prometheus text exposition of every meter, after the refresh hooks ran. */
    public String scrape() {
        for (Runnable refresher : refreshers) {
            try {
                refresher.run();
            } catch (RuntimeException e) {
                LOG.warn("Metrics refresh failed; scraping the previous values", e);
            }
        }
        return registry.scrape();
    }

    @Override
    public void close() {
        List<AutoCloseable> toClose = new ArrayList<>(closeables);
        closeables.clear();
        for (AutoCloseable c : toClose.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("Closing a metrics binder failed", e);
            }
        }
        kafkaRefresh.shutdownNow();
        registry.close();
    }

    private static final class KafkaRefresh extends ScheduledThreadPoolExecutor {
        private static final long PERIOD_MILLIS = 5_000;

        KafkaRefresh() {
            super(1, r -> Thread.ofPlatform().name("kafka-metrics-refresh").daemon().unstarted(r));
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period,
                                                      TimeUnit unit) {
            return super.scheduleAtFixedRate(command, Math.min(unit.toMillis(initialDelay), PERIOD_MILLIS),
                    Math.min(unit.toMillis(period), PERIOD_MILLIS), TimeUnit.MILLISECONDS);
        }
    }
}
