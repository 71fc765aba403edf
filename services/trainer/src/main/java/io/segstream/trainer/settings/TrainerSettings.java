package io.segstream.trainer.settings;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.segstream.platform.config.SegstreamConfig;
import io.segstream.trainer.schedule.Schedule;
import io.segstream.trainer.training.TrainingOptions;

/**
 * The trainer's settings, parsed once from the configuration ({@code --config} file, {@code -D} and the command's
 * own options, in that order of precedence reversed) and validated, each error naming the key and the value.
 *
 * @param training        what each refit fits
 * @param interval        {@code segstream.trainer.interval}: wall time between refits, 0 for none
 * @param changedCustomers {@code segstream.trainer.changed-customers}: refit after this many changed customers, 0
 *                        for none
 * @param streamInterval  {@code segstream.trainer.stream-interval}: refit after this much stream time, 0 for none
 * @param timeout         {@code segstream.trainer.timeout}: longest a snapshot read or publish may take
 */
public record TrainerSettings(TrainingOptions training, Duration interval, long changedCustomers,
                              Duration streamInterval, Duration timeout) {

    public static final String MIN_K = "segstream.trainer.min-k";
    public static final String MAX_K = "segstream.trainer.max-k";
    public static final String N_INIT = "segstream.trainer.n-init";
    public static final String SEED = "segstream.trainer.seed";
    public static final String SAMPLE_ABOVE = "segstream.trainer.sample-above";
    public static final String MIN_CUSTOMERS = "segstream.trainer.min-customers";
    public static final String INTERVAL = "segstream.trainer.interval";
    public static final String CHANGED_CUSTOMERS = "segstream.trainer.changed-customers";
    public static final String STREAM_INTERVAL = "segstream.trainer.stream-interval";
    public static final String TIMEOUT = "segstream.trainer.timeout";
    /**
     * Segmentation features, comma-separated; default the reference's six. The stream scores with whatever list the
     * model carries. {@code p_alive}, {@code expected_purchases} and {@code lifetime_value} are the lifetime-value
     * scores.
     */
    public static final String FEATURES = "segstream.trainer.features";
    /** Whether each model also carries an interest model fitted on the invoices topic: {@code true} or {@code false}. */
    public static final String INTEREST = "segstream.trainer.interest";

    /**
     * The value of each key when neither the file nor the command line sets it. k is chosen within 4..8, the number of
     * named groups a marketer acts on; {@code min-k 2} gives the pure silhouette choice.
     */
    public static final Map<String, String> DEFAULTS = Map.of(MIN_K, "4", MAX_K, "8", N_INIT, "10", SEED, "0",
            SAMPLE_ABOVE, "1000000", MIN_CUSTOMERS, "50", INTERVAL, "1h", CHANGED_CUSTOMERS, "10000",
            STREAM_INTERVAL, "0", TIMEOUT, "2m");

    /** Validates. */
    public TrainerSettings {
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(streamInterval, "streamInterval");
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("Setting '" + TIMEOUT + "' must be positive, got '" + timeout + "'");
        }
    }

    /**
     * Parses and validates the trainer's keys, with {@link #DEFAULTS} where unset.
     *
     * @throws IllegalArgumentException naming the first bad key and its value
     */
    public static TrainerSettings from(SegstreamConfig given) {
        SegstreamConfig config = given;
        for (var d : DEFAULTS.entrySet()) {
            if (given.get(d.getKey()).isEmpty()) {
                config = config.with(d.getKey(), d.getValue());
            }
        }
        String modelName = config.require(SegstreamConfig.MODEL_NAME);
        if (modelName.isBlank()) {
            throw new IllegalArgumentException("Setting '" + SegstreamConfig.MODEL_NAME + "' must not be blank");
        }
        interest(config);
        int minK = config.getInt(MIN_K, 2);
        int maxK = config.getInt(MAX_K, minK);
        int nInit = config.getInt(N_INIT, 1);
        long seed = config.getLong(SEED, Long.MIN_VALUE);
        int minCustomers = config.getInt(MIN_CUSTOMERS, maxK + 1);
        int sampleAbove = config.getInt(SAMPLE_ABOVE, minCustomers);
        TrainingOptions d = TrainingOptions.defaults();
        List<String> features = config.get(FEATURES).map(TrainerSettings::featureList).orElse(d.featureNames());
        TrainingOptions training = new TrainingOptions(modelName, features, minK, maxK, nInit, seed,
                sampleAbove, minCustomers, d.silhouetteExactLimit(), d.positiveMonetaryOnly());
        return new TrainerSettings(training, config.getDuration(INTERVAL), config.getLong(CHANGED_CUSTOMERS, 0),
                config.getDuration(STREAM_INTERVAL), config.getDuration(TIMEOUT));
    }

    /**
     * Whether the trainer fits the interest model ({@value #INTEREST}, default true).
     *
     * @param config the configuration
     * @return the flag
     * @throws IllegalArgumentException naming the key when the value is neither true nor false
     */
    public static boolean interest(SegstreamConfig config) {
        String value = config.get(INTEREST).orElse("true").trim();
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("Setting '" + INTEREST + "' must be true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    private static List<String> featureList(String value) {
        List<String> names = Arrays.stream(value.split(",")).map(String::trim).filter(n -> !n.isEmpty()).toList();
        if (names.isEmpty()) {
            throw new IllegalArgumentException("Setting '" + FEATURES + "' names no feature");
        }
        return names;
    }

    /**
     * When the long-running trainer refits.
     *
     * @throws IllegalArgumentException naming the three keys when every trigger is off
     */
    public Schedule schedule() {
        if (interval.isZero() && changedCustomers == 0 && streamInterval.isZero()) {
            throw new IllegalArgumentException("Settings '" + INTERVAL + "', '" + CHANGED_CUSTOMERS + "' and '"
                    + STREAM_INTERVAL + "' are all 0: the trainer would never refit after the first time");
        }
        return new Schedule(interval, changedCustomers, streamInterval);
    }
}
