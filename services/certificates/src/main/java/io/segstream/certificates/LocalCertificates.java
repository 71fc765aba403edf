package io.segstream.certificates;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Local certificates made at run time with the JDK's {@code keytool}: a server certificate for {@code localhost} and
 * {@code 127.0.0.1} and a client certificate, each self-signed and valid two days, as PKCS12 key stores, PKCS12 trust
 * stores and PEM files. For local trials and tests only: {@code segstream infra --kafka-security} makes its local
 * broker's certificates with it, and the tests of TLS make theirs. Nothing is checked in, so nothing expires in the
 * repository.
 *
 * @param dir where the files are
 * @param password the password of every store and key
 */
public record LocalCertificates(Path dir, String password) {

    private static final String PASSWORD = "changeit-" + Long.toHexString(System.nanoTime());

    /** Makes a fresh set in {@code dir}; takes a second or two (two EC key pairs). */
    public static LocalCertificates create(Path dir) {
        LocalCertificates certs = new LocalCertificates(dir, PASSWORD);
        certs.keyPair("server", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1");
        certs.keyPair("client", "CN=segstream-client", null);
        certs.importTrusted("server", "server");
        certs.importTrusted("client", "client");
        // A broker that asks clients for certificates and talks to itself over the same listener trusts both.
        certs.importTrusted("all", "server");
        certs.importTrusted("all", "client");
        certs.pemKey("server");
        certs.pemKey("client");
        return certs;
    }

    /** The PKCS12 key store holding {@code name}'s key and certificate ({@code server} or {@code client}). */
    public Path keyStore(String name) {
        return dir.resolve(name + ".p12");
    }

    /** A PKCS12 trust store holding only {@code name}'s certificate, or with {@code all} both certificates. */
    public Path trustStore(String name) {
        return dir.resolve(name + "-trust.p12");
    }

    /** {@code name}'s certificate, PEM. */
    public Path certificatePem(String name) {
        return dir.resolve(name + "-cert.pem");
    }

    /** {@code name}'s private key, unencrypted PKCS#8 PEM. */
    public Path keyPem(String name) {
        return dir.resolve(name + "-key.pem");
    }

    /** An SSL context presenting {@code keyName}'s certificate and trusting only {@code trustName}'s. */
    public SSLContext sslContext(String keyName, String trustName) {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keyStore(keyName)), password.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(trustStore(trustName)));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private KeyStore load(Path store) throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, password.toCharArray());
            return keyStore;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void keyPair(String name, String dname, String extension) {
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", dname, "-validity", "2", "-storetype", "PKCS12", "-keystore",
                keyStore(name).toString(), "-storepass", password, "-keypass", password));
        if (extension != null) {
            args.addAll(List.of("-ext", extension));
        }
        keytool(args);
        keytool(List.of("-exportcert", "-rfc", "-alias", name, "-keystore", keyStore(name).toString(), "-storepass",
                password, "-file", certificatePem(name).toString()));
    }

    private void importTrusted(String store, String name) {
        keytool(List.of("-importcert", "-noprompt", "-alias", name, "-file", certificatePem(name).toString(),
                "-storetype", "PKCS12", "-keystore", trustStore(store).toString(), "-storepass", password));
    }

    private void pemKey(String name) {
        try {
            PrivateKey key = (PrivateKey) load(keyStore(name)).getKey(name, password.toCharArray());
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(key.getEncoded());
            Files.writeString(keyPem(name), "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void keytool(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args.getFirst() + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
