package io.segstream.stream.api;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import javax.net.ssl.SSLContext;

import io.segstream.platform.config.SegstreamConfig;
import io.segstream.platform.net.HttpBounds;
import io.segstream.platform.net.ServerTls;

/**
 * How the query API protects itself and the data it serves.
 *
 * @param bounds workers, queue, timeouts and connections ({@code segstream.api.workers},
 *     {@code .queue}, {@code .request-timeout}, {@code .max-connections})
 * @param access who may read customer data
 * @param maxPage the most customers one {@code GET /customers?segment=} answer lists ({@value #MAX_PAGE})
 * @param tls the server's TLS ({@code segstream.api.ssl.*}, {@link ServerTls}), null for plain HTTP
 */
public record ApiOptions(HttpBounds bounds, ApiAccess access, int maxPage, SSLContext tls) {

    public static final String WORKERS = "segstream.api.workers";
    public static final String QUEUE = "segstream.api.queue";
    public static final String REQUEST_TIMEOUT = "segstream.api.request-timeout";
    public static final String MAX_CONNECTIONS = "segstream.api.max-connections";
    public static final String MAX_PAGE = "segstream.api.max-page";
    public static final int DEFAULT_MAX_PAGE = 1_000;

    /** Default bounds, customer data open: for tests that exercise something else. */
    public static final ApiOptions OPEN_FOR_TESTS = new ApiOptions(HttpBounds.DEFAULTS, ApiAccess.OPEN_TO_ALL,
            DEFAULT_MAX_PAGE, null);

    public ApiOptions {
        Objects.requireNonNull(bounds, "bounds");
        Objects.requireNonNull(access, "access");
        if (maxPage < 1) {
            throw new IllegalArgumentException("Setting '" + MAX_PAGE + "' must be at least 1, got " + maxPage);
        }
    }

    /**
     * Reads the API settings; fails naming the key of a bad value.
     *
     * @param env the environment, for the token variable
     */
    public static ApiOptions from(SegstreamConfig config, Map<String, String> env) {
        HttpBounds d = HttpBounds.DEFAULTS;
        Duration timeout = config.get(REQUEST_TIMEOUT).isPresent() ? config.getDuration(REQUEST_TIMEOUT)
                : d.requestTimeout();
        if (timeout.toSeconds() < 1) {
            throw new IllegalArgumentException("Setting '" + REQUEST_TIMEOUT + "' must be at least 1s, got '"
                    + config.require(REQUEST_TIMEOUT) + "'");
        }
        HttpBounds bounds = new HttpBounds(intOr(config, WORKERS, d.workers(), 1), intOr(config, QUEUE, d.queue(), 0), timeout,
                intOr(config, MAX_CONNECTIONS, d.maxConnections(), 1));
        return new ApiOptions(bounds, ApiAccess.from(config, env), intOr(config, MAX_PAGE, DEFAULT_MAX_PAGE, 1),
                ServerTls.from(config.resolved(), ServerTls.API_PREFIX).orElse(null));
    }

    /** These options with {@code access} instead. */
    public ApiOptions withAccess(ApiAccess access) {
        return new ApiOptions(bounds, access, maxPage, tls);
    }

    /** {@code https} with TLS, else {@code http}. */
    public String scheme() {
        return tls == null ? "http" : "https";
    }

    private static int intOr(SegstreamConfig config, String key, int fallback, int min) {
        return config.get(key).isPresent() ? config.getInt(key, min) : fallback;
    }
}
