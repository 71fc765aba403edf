package io.segstream.platform.net;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Limits for segstream's servers on the JDK HTTP server (query API, console, metrics).
 *
 * <p>The JDK server reads a request's line and headers on the executor thread it hands the connection to, so a
 * client that sends half a request holds that thread. Here that thread is virtual ({@link #ioExecutor}): a stalled
 * client costs a few kilobytes, not one of a handful of threads, and the JDK's own limits, set as system properties
 * before the first server starts, close it after {@code requestTimeout} and cap connections and header size. Work
 * that reads stores goes to a fixed pool with a bounded queue ({@link #workerPool}), so a burst of queries is
 * answered 503 instead of delaying {@code /health}, which with {@code /metrics} has a small pool of its own
 * ({@link #probePool}).
 *
 * @param workers threads that answer data requests
 * @param queue data requests that may wait for a worker; beyond that, 503
 * @param requestTimeout longest time to receive a request, and to send a response
 * @param maxConnections open connections at most; the JDK server refuses more
 */
public record HttpBounds(int workers, int queue, Duration requestTimeout, int maxConnections) {

    /** Request line plus headers, in bytes: requests here are short GETs. */
    public static final int MAX_HEADER_BYTES = 16 * 1024;
    public static final HttpBounds DEFAULTS = new HttpBounds(4, 32, Duration.ofSeconds(10), 1_000);

    public HttpBounds {
        if (workers < 1 || queue < 0 || maxConnections < 1) {
            throw new IllegalArgumentException("HTTP bounds must be positive: "
                    + workers + " workers, queue " + queue + ", " + maxConnections + " connections");
        }
        if (requestTimeout == null || requestTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("HTTP request timeout must be at least 1 s, got " + requestTimeout);
        }
    }

    /**
     * Sets the JDK server's limits unless the JVM was started with them. The server reads them once, when its
     * first instance is created, so every segstream server calls this before creating one.
     */
    public void applyToJdkServer() {
        long seconds = requestTimeout.toSeconds();
        setIfAbsent("sun.net.httpserver.maxReqTime", String.valueOf(seconds));
        setIfAbsent("sun.net.httpserver.maxRspTime", String.valueOf(seconds));
        setIfAbsent("jdk.httpserver.maxConnections", String.valueOf(maxConnections));
        setIfAbsent("sun.net.httpserver.maxReqHeaderSize", String.valueOf(MAX_HEADER_BYTES));
        setIfAbsent("sun.net.httpserver.maxReqHeaders", "64");
    }

    /**
     * The executor of the server itself, a virtual thread per exchange: reads requests, answers the cheap endpoints,
     * hands data work on. Its size is bounded by the connection cap.
     */
    public static ExecutorService ioExecutor(String name) {
        return Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(name + "-io-", 0).factory());
    }

    /** The pool for data requests; {@code execute} throws {@link java.util.concurrent.RejectedExecutionException}
     * when the queue is full. */
    public ThreadPoolExecutor workerPool(String name) {
        return new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS,
                queue == 0 ? new java.util.concurrent.SynchronousQueue<>() : new ArrayBlockingQueue<>(queue),
                Thread.ofPlatform().name(name + "-worker-", 0).daemon().factory(), new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * The probes' own pool: {@code /health} and {@code /metrics} are answered on these few platform threads, apart
     * from the data workers and from the virtual threads that read requests, so neither a burst of queries nor a
     * crowd of slow clients stands between Kubernetes or Prometheus and their answer. A full queue is 503.
     */
    public static ThreadPoolExecutor probePool(String name) {
        return new ThreadPoolExecutor(PROBE_THREADS, PROBE_THREADS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(PROBE_QUEUE), Thread.ofPlatform().name(name + "-probe-", 0).daemon().factory(),
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** Threads of {@link #probePool}: probes are cheap, two keep one slow scrape from delaying a health check. */
    public static final int PROBE_THREADS = 2;
    /** Probes that may wait in {@link #probePool}; a prober sends one at a time, so more means something is wrong. */
    public static final int PROBE_QUEUE = 64;

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
