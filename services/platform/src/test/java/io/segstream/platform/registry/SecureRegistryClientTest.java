package io.segstream.platform.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLParameters;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.segstream.certificates.LocalCertificates;
import io.segstream.platform.config.SegstreamConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP client against a real HTTPS server that demands credentials (and, in the mTLS cases, a client
 * certificate), with certificates made at test time. Settings are Confluent client keys, unchanged.
 */
class SecureRegistryClientTest {

    @TempDir
    static Path certDir;
    private static LocalCertificates certs;

    /** The {@code Authorization} value the server accepts; anything else is a 401, {@code forbidden} a 403. */
    private final AtomicReference<String> accepted = new AtomicReference<>();
    private final AtomicReference<String> forbidden = new AtomicReference<>("none");
    private HttpsServer server;

    @BeforeAll
    static void makeCertificates() {
        certs = LocalCertificates.create(certDir);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void givenUserInfoAndAPkcs12TrustStore_whenListingSubjects_thenTheServerGetsBasicCredentials() throws IOException {
        String url = start(false, basic("alice", "s3cret"));
        Map<String, Object> settings = trustPkcs12(url);
        settings.put("basic.auth.credentials.source", "USER_INFO");
        settings.put("basic.auth.user.info", "alice:s3cret");

        assertEquals(List.of("invoices-value"), subjects(settings));
    }

    @Test
    void givenCredentialsInTheUrlAndAPemTrustStore_whenListing_thenTheyAreSentAndKeptOutOfTheUrl() throws IOException {
        String url = start(false, basic("bob", "p@ss:word"));
        Map<String, Object> settings = new HashMap<>();
        settings.put("schema.registry.url", url.replace("https://", "https://bob:p%40ss:word@"));
        settings.put("schema.registry.ssl.truststore.type", "PEM");
        settings.put("schema.registry.ssl.truststore.location", certs.certificatePem("server").toString());

        RegistryClientOptions options = RegistryClientOptions.fromConfig(settings);
        assertNull(options.baseUrl().getUserInfo());
        assertEquals(List.of("invoices-value"), subjects(settings));
    }

    @Test
    void givenAStaticBearerToken_whenListing_thenTheServerGetsIt() throws IOException {
        String url = start(false, "Bearer tok-1");
        Map<String, Object> settings = trustPkcs12(url);
        settings.put("bearer.auth.credentials.source", "STATIC_TOKEN");
        settings.put("bearer.auth.token", "tok-1");

        assertEquals(List.of("invoices-value"), subjects(settings));
    }

    @Test
    void givenATokenFile_whenTheTokenIsRotated_thenTheSameClientSendsTheNewOne(@TempDir Path dir) throws IOException {
        String url = start(false, "Bearer old-token");
        Path tokenFile = Files.writeString(dir.resolve("token"), "old-token\n");
        Map<String, Object> settings = trustPkcs12(url);
        settings.put("bearer.auth.credentials.source", "FILE");
        settings.put("bearer.auth.token.file", tokenFile.toString());

        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(RegistryClientOptions.fromConfig(settings))) {
            assertEquals(List.of("invoices-value"), client.subjects());
            Files.writeString(tokenFile, "new-token");
            accepted.set("Bearer new-token");
            assertEquals(List.of("invoices-value"), client.subjects());
        }
    }

    @Test
    void givenAWrongPassword_whenCalling_thenA401NamesTheKeyToCheck() throws IOException {
        String url = start(false, basic("alice", "s3cret"));
        Map<String, Object> settings = trustPkcs12(url);
        settings.put("basic.auth.credentials.source", "USER_INFO");
        settings.put("basic.auth.user.info", "alice:wrong");

        RegistryRequestException e = assertThrows(RegistryRequestException.class, () -> subjects(settings));
        assertEquals(401, e.httpStatus());
        assertTrue(e.getMessage().contains("check basic.auth.user.info"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong"), "the password must not be in the message: " + e.getMessage());
    }

    @Test
    void givenNoCredentials_whenTheRegistryWantsThem_thenTheMessageNamesTheSourceKeys() throws IOException {
        String url = start(false, basic("alice", "s3cret"));

        RegistryRequestException e = assertThrows(RegistryRequestException.class, () -> subjects(trustPkcs12(url)));
        assertEquals(401, e.httpStatus());
        assertTrue(e.getMessage().contains("no credentials were sent; set basic.auth.credentials.source=USER_INFO"),
                e.getMessage());
    }

    @Test
    void givenCredentialsWithoutPermission_whenCalling_thenA403SaysSo() throws IOException {
        String url = start(false, basic("alice", "s3cret"));
        forbidden.set(basic("carol", "pw"));
        Map<String, Object> settings = trustPkcs12(url);
        settings.put("basic.auth.credentials.source", "USER_INFO");
        settings.put("basic.auth.user.info", "carol:pw");

        RegistryRequestException e = assertThrows(RegistryRequestException.class, () -> subjects(settings));
        assertEquals(403, e.httpStatus());
        assertTrue(e.getMessage().contains("lack permission"), e.getMessage());
    }

    @Test
    void givenNoTrustStore_whenTheServerCertificateIsSelfSigned_thenTheHandshakeFailsNamingTheTlsKeys()
            throws IOException {
        String url = start(false, basic("alice", "s3cret"));

        RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class,
                () -> subjects(new HashMap<>(Map.of("schema.registry.url", url))));
        assertTrue(e.getMessage().contains("schema.registry.ssl.truststore"), e.getMessage());
    }

    @Test
    void givenMutualTls_whenTheClientPresentsAPkcs12OrPemKeyStore_thenItIsAdmitted() throws IOException {
        String url = start(true, basic("alice", "s3cret"));
        Map<String, Object> pkcs12 = trustPkcs12(url);
        pkcs12.put("basic.auth.credentials.source", "USER_INFO");
        pkcs12.put("basic.auth.user.info", "alice:s3cret");
        pkcs12.put("schema.registry.ssl.keystore.type", "PKCS12");
        pkcs12.put("schema.registry.ssl.keystore.location", certs.keyStore("client").toString());
        pkcs12.put("schema.registry.ssl.keystore.password", certs.password());
        pkcs12.put("schema.registry.ssl.key.password", certs.password());
        assertEquals(List.of("invoices-value"), subjects(pkcs12));

        Map<String, Object> pem = new HashMap<>(pkcs12);
        pem.remove("schema.registry.ssl.keystore.location");
        pem.remove("schema.registry.ssl.keystore.password");
        pem.remove("schema.registry.ssl.key.password");
        pem.put("schema.registry.ssl.keystore.type", "PEM");
        pem.put("schema.registry.ssl.keystore.key", Files.readString(certs.keyPem("client")));
        pem.put("schema.registry.ssl.keystore.certificate.chain", Files.readString(certs.certificatePem("client")));
        assertEquals(List.of("invoices-value"), subjects(pem));

        Map<String, Object> noKey = trustPkcs12(url);
        noKey.put("basic.auth.credentials.source", "USER_INFO");
        noKey.put("basic.auth.user.info", "alice:s3cret");
        assertThrows(RegistryUnavailableException.class, () -> subjects(noKey));
    }

    @Test
    void givenSecretsBehindConfigProviders_whenTheConfigBuildsRegistryOptions_thenTheReferencesAreResolved(
            @TempDir Path dir) throws IOException {
        String url = start(false, basic("alice", "s3cret"));
        Path secrets = Files.writeString(dir.resolve("registry.properties"), "user.info=alice:s3cret\n");
        Files.createDirectories(dir.resolve("mounted"));
        Files.writeString(dir.resolve("mounted/truststore-password"), certs.password());
        Map<String, String> given = new HashMap<>();
        given.put("schema.registry.url", url);
        given.put("config.providers", "file,dir");
        given.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        given.put("config.providers.dir.class", "org.apache.kafka.common.config.provider.DirectoryConfigProvider");
        given.put("basic.auth.credentials.source", "USER_INFO");
        given.put("basic.auth.user.info", "${file:" + secrets + ":user.info}");
        given.put("schema.registry.ssl.truststore.location", certs.trustStore("server").toString());
        given.put("schema.registry.ssl.truststore.type", "PKCS12");
        given.put("schema.registry.ssl.truststore.password", "${dir:" + dir.resolve("mounted")
                + ":truststore-password}");

        RegistryClientOptions options = SegstreamConfig.load(Optional.empty(), given).registryOptions();
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(options)) {
            assertEquals(List.of("invoices-value"), client.subjects());
        }
    }

    private static Map<String, Object> trustPkcs12(String url) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("schema.registry.url", url);
        settings.put("schema.registry.ssl.truststore.type", "PKCS12");
        settings.put("schema.registry.ssl.truststore.location", certs.trustStore("server").toString());
        settings.put("schema.registry.ssl.truststore.password", certs.password());
        return settings;
    }

    private static List<String> subjects(Map<String, Object> settings) {
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(RegistryClientOptions.fromConfig(settings))) {
            return client.subjects();
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private String start(boolean clientAuth, String authorization) throws IOException {
        accepted.set(authorization);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(certs.sslContext("server", "client")) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                ssl.setNeedClientAuth(clientAuth);
                params.setSSLParameters(ssl);
            }
        });
        server.createContext("/", this::answer);
        server.start();
        return "https://localhost:" + server.getAddress().getPort();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String given = exchange.getRequestHeaders().getFirst("Authorization");
        int status;
        String body;
        if (given != null && given.equals(forbidden.get())) {
            status = 403;
            body = "{\"error_code\":40301,\"message\":\"User is denied operation\"}";
        } else if (given == null || !given.equals(accepted.get())) {
            status = 401;
            body = "{\"error_code\":401,\"message\":\"Unauthorized\"}";
        } else {
            status = 200;
            body = "[\"invoices-value\"]";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
