package io.segstream.platform.registry;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;

/**
 * How the registry client proves who it is and whom it trusts, read from the keys Confluent's clients take, so a
 * Confluent client properties file works unchanged:
 * <ul>
 *   <li>{@value #BASIC_SOURCE}: {@code URL} (the default; user info in {@code schema.registry.url}) or
 *       {@code USER_INFO} ({@value #BASIC_USER_INFO} = {@code user:password});</li>
 *   <li>{@value #BEARER_SOURCE}: {@code STATIC_TOKEN} ({@value #BEARER_TOKEN}) or segstream's {@code FILE}
 *       ({@value #BEARER_TOKEN_FILE}, read again on each request, so a rotated token is picked up);</li>
 *   <li>{@code schema.registry.ssl.*}: Kafka's {@code ssl.*} keys under the registry prefix (trust and key stores
 *       as JKS, PKCS12 or PEM, inline PEM, key password, protocol), read by Kafka's own SSL factory.</li>
 * </ul>
 */
public final class RegistrySecurity {

    public static final String BASIC_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_USER_INFO = "basic.auth.user.info";
    /** The older spelling Confluent's clients still read. */
    public static final String LEGACY_BASIC_USER_INFO = "schema.registry.basic.auth.user.info";
    public static final String BEARER_SOURCE = "bearer.auth.credentials.source";
    public static final String BEARER_TOKEN = "bearer.auth.token";
    /** Not a Confluent key: a file holding the token, for tokens mounted from a Kubernetes Secret. */
    public static final String BEARER_TOKEN_FILE = "bearer.auth.token.file";
    /** The prefix under which Kafka's {@code ssl.*} keys configure the registry client. */
    public static final String SSL_PREFIX = "schema.registry.";

    /** No credentials, the JDK's trusted certificates. */
    public static final RegistrySecurity NONE = new RegistrySecurity(Optional::empty, null, "none");

    private final Supplier<Optional<String>> authorization;
    private final SSLContext sslContext;
    private final String credentialsSource;

    private RegistrySecurity(Supplier<Optional<String>> authorization, SSLContext sslContext,
                             String credentialsSource) {
        this.authorization = authorization;
        this.sslContext = sslContext;
        this.credentialsSource = credentialsSource;
    }

    /**
     * Reads the security keys from client settings.
     *
     * @param url the registry URL as configured, whose user info is the {@code URL} credentials source
     * @throws IllegalArgumentException naming the key when a value is missing or wrong
     */
    public static RegistrySecurity from(Map<String, ?> configs, URI url) {
        Supplier<Optional<String>> basic = basic(configs, url);
        Supplier<Optional<String>> bearer = bearer(configs);
        String source;
        Supplier<Optional<String>> authorization;
        if (bearer != null) {
            if (basic != null && basic.get().isPresent()) {
                throw new IllegalArgumentException("Schema registry: both basic credentials (" + BASIC_SOURCE
                        + ") and a bearer token (" + BEARER_SOURCE + ") are set; keep one");
            }
            authorization = bearer;
            source = BEARER_SOURCE + "=" + text(configs, BEARER_SOURCE);
        } else if (basic != null) {
            authorization = basic;
            source = BASIC_SOURCE + "=" + text(configs, BASIC_SOURCE, "URL");
        } else {
            authorization = Optional::empty;
            source = "none";
        }
        return new RegistrySecurity(authorization, sslContext(configs), source);
    }

    /** The {@code Authorization} header value for the next request, if any. */
    public Optional<String> authorization() {
        return authorization.get();
    }

    /** The SSL context built from {@code schema.registry.ssl.*}; empty for the JDK's default trust. */
    public Optional<SSLContext> sslContext() {
        return Optional.ofNullable(sslContext);
    }

    /** What to check when the registry refuses a request (401 or 403), naming the keys. */
    String refusalHint(int status) {
        if (credentialsSource.equals("none")) {
            return "no credentials were sent; set " + BASIC_SOURCE + "=USER_INFO with " + BASIC_USER_INFO
                    + ", or " + BEARER_SOURCE + "=STATIC_TOKEN with " + BEARER_TOKEN;
        }
        String keys = credentialsSource.startsWith(BEARER_SOURCE)
                ? BEARER_TOKEN + " / " + BEARER_TOKEN_FILE + " (" + credentialsSource + ")"
                : (credentialsSource.endsWith("URL") ? "the user info in schema.registry.url" : BASIC_USER_INFO)
                        + " (" + credentialsSource + ")";
        return status == 403 ? "the credentials were accepted but lack permission; check the registry's grants for "
                + "the principal in " + keys : "the credentials were rejected; check " + keys;
    }

    private static Supplier<Optional<String>> basic(Map<String, ?> configs, URI url) {
        String source = text(configs, BASIC_SOURCE, "URL").toUpperCase(Locale.ROOT);
        String userInfo = switch (source) {
            case "URL" -> url.getRawUserInfo() == null ? null
                    : URLDecoder.decode(url.getRawUserInfo(), StandardCharsets.UTF_8);
            case "USER_INFO" -> {
                String info = text(configs, BASIC_USER_INFO, text(configs, LEGACY_BASIC_USER_INFO));
                if (info == null || info.isBlank()) {
                    throw new IllegalArgumentException("Schema registry: " + BASIC_SOURCE + "=USER_INFO needs "
                            + BASIC_USER_INFO + "=user:password");
                }
                yield info;
            }
            default -> throw new IllegalArgumentException("Schema registry: " + BASIC_SOURCE
                    + " must be URL or USER_INFO, got '" + source + "'");
        };
        if (userInfo == null) {
            return null;
        }
        if (!userInfo.contains(":")) {
            throw new IllegalArgumentException("Schema registry: basic credentials from " + BASIC_SOURCE + "="
                    + source + " must be user:password (no ':' found)");
        }
        String header = "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
        return () -> Optional.of(header);
    }

    private static Supplier<Optional<String>> bearer(Map<String, ?> configs) {
        String source = text(configs, BEARER_SOURCE);
        if (source == null || source.isBlank()) {
            return null;
        }
        return switch (source.strip().toUpperCase(Locale.ROOT)) {
            case "STATIC_TOKEN" -> {
                String token = text(configs, BEARER_TOKEN);
                if (token == null || token.isBlank()) {
                    throw new IllegalArgumentException("Schema registry: " + BEARER_SOURCE + "=STATIC_TOKEN needs "
                            + BEARER_TOKEN);
                }
                String header = "Bearer " + token.strip();
                yield () -> Optional.of(header);
            }
            case "FILE" -> {
                String file = text(configs, BEARER_TOKEN_FILE);
                if (file == null || file.isBlank()) {
                    throw new IllegalArgumentException("Schema registry: " + BEARER_SOURCE + "=FILE needs "
                            + BEARER_TOKEN_FILE);
                }
                Path path = Path.of(file.strip());
                readToken(path);
                yield () -> Optional.of("Bearer " + readToken(path));
            }
            default -> throw new IllegalArgumentException("Schema registry: " + BEARER_SOURCE
                    + " must be STATIC_TOKEN or FILE, got '" + source + "'");
        };
    }

    private static String readToken(Path path) {
        try {
            String token = Files.readString(path).strip();
            if (token.isEmpty()) {
                throw new IllegalArgumentException("Schema registry: the token file " + path + " (" + BEARER_TOKEN_FILE
                        + ") is empty");
            }
            return token;
        } catch (IOException e) {
            throw new IllegalArgumentException("Schema registry: cannot read the token file " + path + " ("
                    + BEARER_TOKEN_FILE + "): " + e, e);
        }
    }

    /*
     * Kafka's own SSL factory reads the keys, so the registry takes exactly what the Kafka clients take (PEM among
     * them), as Confluent's registry client does. Without any schema.registry.ssl.* key the JDK defaults apply.
     */
    private static SSLContext sslContext(Map<String, ?> configs) {
        Map<String, Object> ssl = new HashMap<>();
        configs.forEach((key, value) -> {
            if (key.startsWith(SSL_PREFIX + "ssl.") && value != null) {
                ssl.put(key.substring(SSL_PREFIX.length()), value);
            }
        });
        if (ssl.isEmpty()) {
            return null;
        }
        ConfigDef def = new ConfigDef();
        SslConfigs.addClientSslSupport(def);
        try {
            DefaultSslEngineFactory factory = new DefaultSslEngineFactory();
            factory.configure(def.parse(ssl));
            return factory.sslContext();
        } catch (ConfigException e) {
            throw new IllegalArgumentException("Schema registry TLS settings (" + SSL_PREFIX + "ssl.*): "
                    + e.getMessage(), e);
        }
    }

    private static String text(Map<String, ?> configs, String key) {
        Object value = configs.get(key);
        return value == null ? null : value.toString();
    }

    private static String text(Map<String, ?> configs, String key, String fallback) {
        String value = text(configs, key);
        return value == null || value.isBlank() ? fallback : value.strip();
    }
}
