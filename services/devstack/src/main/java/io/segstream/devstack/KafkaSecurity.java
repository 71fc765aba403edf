package io.segstream.devstack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.segstream.certificates.LocalCertificates;

/**
 * How the embedded broker's client listener is secured: its protocol, the broker's settings, the settings a client
 * needs, and the SCRAM credentials written when the log is formatted (KRaft keeps them in the metadata log, so they
 * exist before the broker first authenticates itself).
 *
 * @param protocol the listener's security protocol, also its name
 * @param broker broker settings on top of the defaults
 * @param client what a client adds to {@code bootstrap.servers}
 * @param formatArguments extra arguments of {@code kafka-storage format}
 */
public record KafkaSecurity(String protocol, Map<String, String> broker, Map<String, String> client,
                            List<String> formatArguments) {

    /** No security: the default {@code PLAINTEXT} listener. */
    public static final KafkaSecurity PLAINTEXT = new KafkaSecurity("PLAINTEXT", Map.of(), Map.of(), List.of());

    /** The SASL mechanisms the embedded broker offers. */
    public static final List<String> MECHANISMS = List.of("PLAIN", "SCRAM-SHA-512");

    public KafkaSecurity {
        broker = Map.copyOf(broker);
        client = Map.copyOf(client);
        formatArguments = List.copyOf(formatArguments);
    }

    /**
     * {@code SASL_SSL} with {@code mechanism} ({@code PLAIN} or {@code SCRAM-SHA-512}) and one user, TLS with the
     * server certificate of {@code certs}, which clients trust through its server trust store.
     */
    public static KafkaSecurity saslSsl(String mechanism, String user, String password, LocalCertificates certs) {
        String module = switch (mechanism) {
            case "PLAIN" -> "org.apache.kafka.common.security.plain.PlainLoginModule";
            case "SCRAM-SHA-512" -> "org.apache.kafka.common.security.scram.ScramLoginModule";
            default -> throw new IllegalArgumentException("SASL mechanism " + mechanism + " is not one of "
                    + MECHANISMS);
        };
        String jaas = module + " required username=\"" + user + "\" password=\"" + password + "\";";
        // PLAIN: user_NAME entries are the accounts the broker accepts. SCRAM: the accounts are in the metadata log.
        String brokerJaas = mechanism.equals("PLAIN")
                ? jaas.substring(0, jaas.length() - 1) + " user_" + user + "=\"" + password + "\";" : jaas;
        Map<String, String> client = new LinkedHashMap<>(trust(certs, "server"));
        client.put("security.protocol", "SASL_SSL");
        client.put("sasl.mechanism", mechanism);
        client.put("sasl.jaas.config", jaas);
        Map<String, String> broker = new LinkedHashMap<>(trust(certs, "server"));
        broker.putAll(keyStore(certs, "server"));
        broker.put("sasl.enabled.mechanisms", mechanism);
        broker.put("sasl.mechanism.inter.broker.protocol", mechanism);
        broker.put("listener.name.sasl_ssl." + mechanism.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config",
                brokerJaas);
        List<String> format = mechanism.equals("PLAIN") ? List.of()
                : List.of("--add-scram", mechanism + "=[name=" + user + ",password=" + password + "]");
        return new KafkaSecurity("SASL_SSL", broker, client, format);
    }

    /**
     * {@code SSL}: TLS with the server certificate of {@code certs}; with {@code clientCertificates} the broker also
     * asks every client for a certificate it trusts (mTLS), and clients present the client certificate of
     * {@code certs}.
     */
    public static KafkaSecurity ssl(LocalCertificates certs, boolean clientCertificates) {
        Map<String, String> client = new LinkedHashMap<>(trust(certs, "server"));
        client.put("security.protocol", "SSL");
        Map<String, String> broker = new LinkedHashMap<>(keyStore(certs, "server"));
        if (clientCertificates) {
            client.putAll(keyStore(certs, "client"));
            // The broker is its own client on this listener, with the server certificate: it trusts both.
            broker.putAll(trust(certs, "all"));
            broker.put("ssl.client.auth", "required");
        } else {
            broker.putAll(trust(certs, "server"));
        }
        return new KafkaSecurity("SSL", broker, client, List.of());
    }

    private static Map<String, String> trust(LocalCertificates certs, String name) {
        return Map.of("ssl.truststore.location", certs.trustStore(name).toString(),
                "ssl.truststore.password", certs.password(), "ssl.truststore.type", "PKCS12");
    }

    private static Map<String, String> keyStore(LocalCertificates certs, String name) {
        return Map.of("ssl.keystore.location", certs.keyStore(name).toString(),
                "ssl.keystore.password", certs.password(), "ssl.key.password", certs.password(),
                "ssl.keystore.type", "PKCS12");
    }
}
