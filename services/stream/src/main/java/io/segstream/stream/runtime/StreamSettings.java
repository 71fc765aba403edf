package io.segstream.stream.runtime;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import io.segstream.core.cleaning.CleaningPolicy;
import io.segstream.core.cleaning.ReturnPolicy;
import io.segstream.platform.config.SegstreamConfig;
import io.segstream.platform.registry.RegistryClientOptions;
import io.segstream.stream.deadletter.DeadLetterLimits;
import io.segstream.stream.features.AgingSchedule;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The stream application's own settings, parsed once from the configuration and validated, so a bad value stops
 * the start with a message naming the key and the value instead of failing later inside a stream thread.
 *
 * @param registryUrl  {@code schema.registry.url}
 * @param modelName    {@code segstream.model.name}: the key of the model to score with
 * @param rescoreChunk {@code segstream.rescore.chunk}: customers re-scored per step after a model update, at least 1
 * @param aging        {@code segstream.aging.checkpoints}: recency days at which idle customers are re-emitted
 * @param cleaning     {@code segstream.returns.policy}: how returns count
 * @param apiHost      {@code segstream.api.host}
 * @param apiPort      {@code segstream.api.port}, 0..65535 (0 = any free port)
 * @param registryPatience {@code segstream.registry.patience}: how long a record waits for an unavailable schema
 *                     registry (retrying with backoff) before the task stops and resumes from its last commit
 * @param staticMembership {@code segstream.static-membership}: join the group with a stable
 *                     {@code group.instance.id} (application id and API address) so a restarted instance takes its
 *                     tasks back without waiting for the session timeout
 * @param interestBelowInvoices {@code segstream.interest.below-invoices}: customers with fewer invoices than this
 *                     carry the interest category predicted from their first invoice (default 2; 1 turns it off)
 * @param anonymousCustomers {@code segstream.customers.anonymous}: customer ids that are not people (a guest or
 *                     walk-in account, a house account); their invoices are counted and not segmented (empty by
 *                     default)
 * @param deadLetters  {@code segstream.dead-letters.max-detail-chars}, {@code segstream.dead-letters.max-value-bytes}:
 *                     how much of a rejected record its dead letter keeps, in the intake and in the safety nets
 */
public record StreamSettings(String registryUrl, String modelName, int rescoreChunk, AgingSchedule aging,
                             CleaningPolicy cleaning, String apiHost, int apiPort, Duration registryPatience,
                             boolean staticMembership, int interestBelowInvoices, Set<String> anonymousCustomers,
                             DeadLetterLimits deadLetters) {

    /** The key of {@link #anonymousCustomers()}: a comma-separated list of customer ids. */
    public static final String ANONYMOUS_CUSTOMERS = "segstream.customers.anonymous";

    /** The key of {@link #interestBelowInvoices()}. */
    public static final String INTEREST_BELOW_INVOICES = "segstream.interest.below-invoices";

    /** The key of {@link #staticMembership()}. */
    public static final String STATIC_MEMBERSHIP = "segstream.static-membership";

    /** The key of {@link #registryPatience()}. */
    public static final String REGISTRY_PATIENCE = "segstream.registry.patience";

    /** Validates what the parsing could not. */
    public StreamSettings {
        Objects.requireNonNull(aging, "aging");
        Objects.requireNonNull(cleaning, "cleaning");
        Objects.requireNonNull(deadLetters, "deadLetters");
        anonymousCustomers = Set.copyOf(Objects.requireNonNull(anonymousCustomers, "anonymousCustomers"));
        if (modelName == null || modelName.isBlank()) {
            throw new IllegalArgumentException("Setting '" + SegstreamConfig.MODEL_NAME + "' must not be blank");
        }
        if (apiHost == null || apiHost.isBlank()) {
            throw new IllegalArgumentException("Setting '" + SegstreamConfig.API_HOST + "' must not be blank");
        }
        if (rescoreChunk < 1) {
            throw new IllegalArgumentException("Setting '" + SegstreamConfig.RESCORE_CHUNK
                    + "' must be at least 1, got '" + rescoreChunk + "'");
        }
        if (registryPatience == null || registryPatience.isZero()) {
            throw new IllegalArgumentException("Setting '" + REGISTRY_PATIENCE + "' must be positive, got '"
                    + registryPatience + "'");
        }
        if (interestBelowInvoices < 1) {
            throw new IllegalArgumentException("Setting '" + INTEREST_BELOW_INVOICES + "' must be at least 1 (1 turns "
                    + "predictions off), got '" + interestBelowInvoices + "'");
        }
        if (apiPort < 0 || apiPort > 65_535) {
            throw new IllegalArgumentException("Setting '" + SegstreamConfig.API_PORT + "' must be a port 0..65535, "
                    + "got '" + apiPort + "'");
        }
    }

    /** Where this instance serves the query API, also its {@code application.server}. */
    public HostInfo apiAddress() {
        return new HostInfo(apiHost, apiPort);
    }

    /**
     * Parses and validates the stream's keys.
     *
     * @throws IllegalArgumentException naming the first bad key and its value
     */
    public static StreamSettings from(SegstreamConfig given) {
        SegstreamConfig config = StreamDefaults.applied(given);
        String registry = config.require(SegstreamConfig.REGISTRY_URL);
        try {
            RegistryClientOptions.of(registry);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Setting '" + SegstreamConfig.REGISTRY_URL + "' is not a registry URL, "
                    + "got '" + registry + "': " + e.getMessage());
        }
        config.registryOptions(); // credentials and TLS settings, each failure naming its key
        String checkpoints = config.get(SegstreamConfig.AGING_CHECKPOINTS).orElse(null);
        AgingSchedule aging;
        try {
            aging = checkpoints == null ? AgingSchedule.DEFAULT : AgingSchedule.parse(checkpoints);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Setting '" + SegstreamConfig.AGING_CHECKPOINTS + "': "
                    + e.getMessage());
        }
        String returns = config.require(SegstreamConfig.RETURNS_POLICY);
        CleaningPolicy cleaning;
        try {
            cleaning = CleaningPolicy.defaults().withReturns(ReturnPolicy.valueOf(returns.trim()
                    .toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Setting '" + SegstreamConfig.RETURNS_POLICY
                    + "' must be SUBTRACT or IGNORE, got '" + returns + "'");
        }
        return new StreamSettings(registry, config.require(SegstreamConfig.MODEL_NAME),
                config.getInt(SegstreamConfig.RESCORE_CHUNK), aging, cleaning,
                config.require(SegstreamConfig.API_HOST), config.getInt(SegstreamConfig.API_PORT),
                config.getDuration(REGISTRY_PATIENCE), flag(config, STATIC_MEMBERSHIP),
                config.getInt(INTEREST_BELOW_INVOICES),
                customerIds(ANONYMOUS_CUSTOMERS, config.require(ANONYMOUS_CUSTOMERS)), DeadLetterLimits.from(config));
    }

    /**
     * The ids of a comma-separated list, each trimmed; blank is the empty list. An empty entry (two commas, a
     * trailing comma) is refused rather than read as the customer without an id.
     */
    static Set<String> customerIds(String key, String value) {
        Set<String> ids = new LinkedHashSet<>();
        if (value.isBlank()) {
            return ids;
        }
        String[] entries = value.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            String id = entries[i].trim();
            if (id.isEmpty()) {
                throw new IllegalArgumentException("Setting '" + key + "' has an empty customer id at position "
                        + (i + 1) + ", got '" + value + "'");
            }
            ids.add(id);
        }
        return ids;
    }

    private static boolean flag(SegstreamConfig config, String key) {
        String value = config.require(key).trim();
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("Setting '" + key + "' must be true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }
}
