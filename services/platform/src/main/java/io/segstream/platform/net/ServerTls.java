package io.segstream.platform.net;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;

/**
 * TLS for segstream's own HTTP servers (query API with the console, metrics), from Kafka's {@code ssl.*} keys under
 * a prefix, read by Kafka's own SSL factory so they mean what they mean for the Kafka clients: a PKCS12 or JKS key
 * store ({@code PREFIX.ssl.keystore.location}, {@code .password}, {@code .type}, {@code ssl.key.password}) or PEM
 * ({@code PREFIX.ssl.keystore.type=PEM} with {@code ssl.keystore.certificate.chain} and {@code ssl.keystore.key},
 * or the same as files through a config provider). A trust store, when given, is what the query API trusts when it
 * forwards a request to another instance.
 */
public final class ServerTls {

    /** The query API's and the console's keys: {@code segstream.api.ssl.keystore.location} and so on. */
    public static final String API_PREFIX = "segstream.api.";
    /** The metrics endpoint's keys: {@code segstream.metrics.ssl.keystore.location} and so on. */
    public static final String METRICS_PREFIX = "segstream.metrics.";

    private ServerTls() {
    }

    /**
     * The SSL context that {@code prefix + "ssl.*"} describe; empty when no such key is set (plain HTTP).
     *
     * @throws IllegalArgumentException naming the keys when they are set but hold no key and certificate, or the
     *                                  stores cannot be read
     */
    public static Optional<SSLContext> from(Map<String, ?> settings, String prefix) {
        Map<String, Object> ssl = new HashMap<>();
        settings.forEach((key, value) -> {
            if (key.startsWith(prefix + "ssl.") && value != null) {
                ssl.put(key.substring(prefix.length()), value);
            }
        });
        if (ssl.isEmpty()) {
            return Optional.empty();
        }
        if (!ssl.containsKey(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG)
                && !ssl.containsKey(SslConfigs.SSL_KEYSTORE_KEY_CONFIG)) {
            throw new IllegalArgumentException("TLS settings " + prefix + "ssl.* need the server's key and "
                    + "certificate: " + prefix + SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG + " (PKCS12 or JKS, with "
                    + prefix + SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG + "), or " + prefix
                    + SslConfigs.SSL_KEYSTORE_TYPE_CONFIG + "=PEM with " + prefix
                    + SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG + " and " + prefix
                    + SslConfigs.SSL_KEYSTORE_KEY_CONFIG);
        }
        ConfigDef def = new ConfigDef();
        SslConfigs.addClientSslSupport(def);
        try (DefaultSslEngineFactory factory = new DefaultSslEngineFactory()) {
            factory.configure(def.parse(ssl));
            return Optional.of(factory.sslContext());
        } catch (KafkaException e) {
            // Kafka's messages name the store and the problem, never a password.
            throw new IllegalArgumentException("TLS settings " + prefix + "ssl.*: " + e.getMessage(), e);
        }
    }

    /** The JDK HTTPS server's configuration for {@code context}: its default protocols and suites, no client
     * certificate asked. */
    public static HttpsConfigurator configurator(SSLContext context) {
        return new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                params.setSSLParameters(context.getDefaultSSLParameters());
            }
        };
    }
}
